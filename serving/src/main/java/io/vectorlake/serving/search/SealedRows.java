package io.vectorlake.serving.search;

import io.vectorlake.catalog.expr.Column;
import io.vectorlake.catalog.expr.ColumnBatch;
import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.Row;
import io.vectorlake.catalog.view.ResolvedRow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of a sealed segment held column by column, with no object per row: the scalar fields
 * (the primary key among them) in the primitive arrays of a {@link ColumnBatch}, each row's WAL
 * place in two long arrays, and no vectors (the segment reads them from its memory-mapped index,
 * or from a packed array when a field has none). A {@link Row} is built only when asked for: the
 * output fields of a final top-k, a query's page.
 *
 * <p>Segments are written sorted by primary key, so a key is found by binary search with no
 * index of its own; a segment that is not sorted (none written by this code) gets a key order.
 */
final class SealedRows {
  private final CollectionSchema schema;
  private final String partition;
  private final ColumnBatch columns;
  private final Column keys;
  private final long[] positions;
  private final long[] offsets;
  private final BitSet withoutDynamicField; // null: every row has one, or the schema has none
  private final int[] keyOrder; // null when ordinals are already in key order

  private SealedRows(CollectionSchema schema, String partition, ColumnBatch columns,
      long[] positions, long[] offsets, BitSet withoutDynamicField) {
    this.schema = schema;
    this.partition = partition;
    this.columns = columns;
    this.keys = columns.column(schema.primaryKey().name());
    this.positions = positions;
    this.offsets = offsets;
    this.withoutDynamicField = withoutDynamicField;
    this.keyOrder = isSorted() ? null : sortedOrder();
  }

  /** Packs rows read from one segment (in ordinal order, vectors left out or ignored). */
  static SealedRows of(CollectionSchema schema, String partition, List<ResolvedRow> rows) {
    int n = rows.size();
    long[] positions = new long[n];
    long[] offsets = new long[n];
    List<Row> values = new ArrayList<>(n);
    BitSet withoutDynamic = new BitSet();
    for (int i = 0; i < n; i++) {
      ResolvedRow row = rows.get(i);
      positions[i] = row.position();
      offsets[i] = row.offset();
      values.add(row.row());
      if (schema.enableDynamicField() && row.row().get(CollectionSchema.DYNAMIC_FIELD) == null) {
        withoutDynamic.set(i);
      }
    }
    return new SealedRows(schema, partition, ColumnBatch.of(schema, values), positions, offsets,
        withoutDynamic.isEmpty() ? null : withoutDynamic);
  }

  int size() {
    return positions.length;
  }

  ColumnBatch columns() {
    return columns;
  }

  String partition() {
    return partition;
  }

  Object primaryKey(int ordinal) {
    return keys.present(ordinal);
  }

  long position(int ordinal) {
    return positions[ordinal];
  }

  long offset(int ordinal) {
    return offsets[ordinal];
  }

  /** The ordinal holding {@code key}, or -1. */
  int find(Object key) {
    int low = 0;
    int high = size() - 1;
    // New keys usually lie past every sealed one (auto ids grow): two compares reject them.
    if (high < 0 || compareKeyAt(ordinalAt(low), key) > 0
        || compareKeyAt(ordinalAt(high), key) < 0) {
      return -1;
    }
    while (low <= high) {
      int mid = (low + high) >>> 1;
      int ordinal = ordinalAt(mid);
      int c = compareKeyAt(ordinal, key);
      if (c < 0) {
        low = mid + 1;
      } else if (c > 0) {
        high = mid - 1;
      } else {
        return ordinal;
      }
    }
    return -1;
  }

  /**
   * The row at {@code ordinal} with every scalar field, and the vector fields {@code vectors}
   * gives (a field it returns null for is left out).
   */
  ResolvedRow row(int ordinal, VectorSource vectors) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (FieldSchema field : schema.fields()) {
      Object value = field.type().isVector() ? vectors.vector(field.name(), ordinal)
          : columns.column(field.name()).value(ordinal);
      if (value != null) {
        values.put(field.name(), value);
      }
    }
    if (schema.enableDynamicField()
        && (withoutDynamicField == null || !withoutDynamicField.get(ordinal))) {
      values.put(CollectionSchema.DYNAMIC_FIELD,
          columns.column(CollectionSchema.DYNAMIC_FIELD).value(ordinal));
    }
    return new ResolvedRow(primaryKey(ordinal), partition, positions[ordinal], offsets[ordinal],
        Row.ofCanonical(values));
  }

  /** Where a materialized row's vectors come from. */
  interface VectorSource {
    /** The vector of {@code field} at {@code ordinal}, or null to leave the field out. */
    float[] vector(String field, int ordinal);
  }

  /** Bytes held on the heap by these rows' arrays (column values, places, bitsets). */
  long heapBytes() {
    long bytes = 16L * size();
    for (FieldSchema field : schema.fields()) {
      if (!field.type().isVector()) {
        bytes += bytesOf(columns.column(field.name()));
      }
    }
    return bytes + (keyOrder == null ? 0 : 4L * keyOrder.length);
  }

  private static long bytesOf(Column column) {
    long perValue;
    if (column instanceof Column.Longs || column instanceof Column.Doubles) {
      perValue = 8;
    } else if (column instanceof Column.Ints || column instanceof Column.Floats) {
      perValue = 4;
    } else if (column instanceof Column.Bools) {
      perValue = 1;
    } else {
      perValue = 48; // strings, JSON and arrays: an estimate per object
    }
    return perValue * column.size();
  }

  private int ordinalAt(int rank) {
    return keyOrder == null ? rank : keyOrder[rank];
  }

  private int compareKeyAt(int ordinal, Object key) {
    if (keys instanceof Column.Longs longs) {
      return Long.compare(longs.values()[ordinal], (Long) key);
    }
    return ((String) keys.present(ordinal)).compareTo((String) key);
  }

  private boolean isSorted() {
    for (int i = 1; i < size(); i++) {
      if (compareKeyAt(i - 1, primaryKey(i)) > 0) {
        return false;
      }
    }
    return true;
  }

  private int[] sortedOrder() {
    Integer[] order = new Integer[size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> -compareKeyAt(b, primaryKey(a)));
    int[] out = new int[order.length];
    Arrays.setAll(out, i -> order[i]);
    return out;
  }
}
