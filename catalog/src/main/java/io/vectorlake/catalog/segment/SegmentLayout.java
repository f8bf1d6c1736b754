package io.vectorlake.catalog.segment;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.Row;
import io.vectorlake.catalog.view.ResolvedRow;
import io.vectorlake.catalog.wal.FloatVectors;
import io.vectorlake.catalog.wal.WalLayout;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;

/**
 * The Parquet layout of segment files. A rows file holds the collection's columns as the WAL does
 * (same column ids and types, vectors as little-endian float32 {@code fixed}), without the op,
 * shard and partition columns (a segment is one shard and partition) and with the WAL place of the
 * op that wrote each row, {@value #POSITION} and {@value #OFFSET}. A tombstones file holds the
 * primary key and the place only. Row ordinals in the file are the vector index ordinals.
 */
public final class SegmentLayout {
  public static final String POSITION = "$position";
  public static final String OFFSET = "$offset";

  private final CollectionSchema collection;
  private final Schema rows;
  private final Schema tombstones;

  public SegmentLayout(WalLayout wal) {
    this.collection = wal.collection();
    Schema walSchema = wal.schema();
    int nextId = walSchema.highestFieldId() + 1;
    List<Types.NestedField> columns = new ArrayList<>();
    for (Types.NestedField column : walSchema.columns()) {
      if (!column.name().startsWith("$") || column.name().equals(CollectionSchema.DYNAMIC_FIELD)) {
        columns.add(column);
      }
    }
    Types.NestedField position = Types.NestedField.required(nextId, POSITION, Types.LongType.get());
    Types.NestedField offset = Types.NestedField.required(nextId + 1, OFFSET, Types.LongType.get());
    columns.add(position);
    columns.add(offset);
    this.rows = new Schema(columns);
    this.tombstones =
        new Schema(walSchema.findField(collection.primaryKey().name()), position, offset);
  }

  public Schema rowsSchema() {
    return rows;
  }

  public Schema tombstonesSchema() {
    return tombstones;
  }

  /** The rows schema with only the primary key, the place and the given fields. */
  public Schema project(List<String> fields) {
    List<String> names = new ArrayList<>();
    names.add(collection.primaryKey().name());
    names.addAll(fields);
    names.add(POSITION);
    names.add(OFFSET);
    return rows.select(names);
  }

  Record toRecord(ResolvedRow row) {
    GenericRecord record = GenericRecord.create(rows);
    for (FieldSchema field : collection.fields()) {
      Object value = row.row().get(field.name());
      record.setField(field.name(), value instanceof float[] v ? FloatVectors.toBytes(v) : value);
    }
    if (collection.enableDynamicField()) {
      record.setField(CollectionSchema.DYNAMIC_FIELD, row.row().get(CollectionSchema.DYNAMIC_FIELD));
    }
    record.setField(POSITION, row.position());
    record.setField(OFFSET, row.offset());
    return record;
  }

  Record toRecord(Tombstone tombstone) {
    GenericRecord record = GenericRecord.create(tombstones);
    record.setField(collection.primaryKey().name(), tombstone.primaryKey());
    record.setField(POSITION, tombstone.position());
    record.setField(OFFSET, tombstone.offset());
    return record;
  }

  /** A row read back, in {@code partition}; fields absent from a projection are left out. */
  ResolvedRow fromRecord(Record record, String partition, Schema schema) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (FieldSchema field : collection.fields()) {
      if (schema.findField(field.name()) == null) {
        continue;
      }
      Object value = record.getField(field.name());
      if (value != null && field.type() == DataType.FLOAT_VECTOR) {
        value = value instanceof ByteBuffer b ? FloatVectors.fromBytes(b) : FloatVectors.fromBytes((byte[]) value);
      } else if (value instanceof List<?> list) {
        value = List.copyOf(list);
      }
      values.put(field.name(), value);
    }
    if (collection.enableDynamicField() && schema.findField(CollectionSchema.DYNAMIC_FIELD) != null) {
      values.put(CollectionSchema.DYNAMIC_FIELD, record.getField(CollectionSchema.DYNAMIC_FIELD));
    }
    return new ResolvedRow(
        record.getField(collection.primaryKey().name()), partition,
        (Long) record.getField(POSITION), (Long) record.getField(OFFSET), Row.ofCanonical(values));
  }

  Tombstone tombstoneFromRecord(Record record) {
    return new Tombstone(
        record.getField(collection.primaryKey().name()),
        (Long) record.getField(POSITION), (Long) record.getField(OFFSET));
  }
}
