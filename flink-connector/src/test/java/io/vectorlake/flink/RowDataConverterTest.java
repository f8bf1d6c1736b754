package io.vectorlake.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.schema.InvalidSchemaException;
import io.vectorlake.catalog.wal.WalOp;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.Test;

class RowDataConverterTest {
  private static final RowType DOCS = (RowType) DataTypes.ROW(
          DataTypes.FIELD("id", DataTypes.BIGINT().notNull()),
          DataTypes.FIELD("emb", DataTypes.ARRAY(DataTypes.FLOAT())),
          DataTypes.FIELD("title", DataTypes.STRING()))
      .getLogicalType();

  private final RowDataConverter converter = RowDataConverter.of(DOCS, TestCollections.schema(2));

  private static GenericRowData row(RowKind kind, long id) {
    return GenericRowData.ofKind(kind, id,
        new GenericArrayData(new float[] {1, 2, 3, 4, 5, 6, 7, 8}), StringData.fromString("t" + id));
  }

  @Test
  void rowKindsMapToOps() {
    VectorlakeRecord insert = converter.convert(row(RowKind.INSERT, 1));
    assertEquals(WalOp.INSERT, insert.op());
    assertEquals(1L, insert.row().get("id"));
    assertEquals("t1", insert.row().get("title"));
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, (float[]) insert.row().get("emb"));

    assertEquals(WalOp.UPSERT, converter.convert(row(RowKind.UPDATE_AFTER, 2)).op());
    assertNull(converter.convert(row(RowKind.UPDATE_BEFORE, 2)), "-U is superseded by +U");

    VectorlakeRecord delete = converter.convert(row(RowKind.DELETE, 3));
    assertEquals(WalOp.DELETE, delete.op());
    assertEquals(3L, delete.primaryKey());
  }

  @Test
  void nullColumnsAreLeftOutOfTheRow() {
    GenericRowData row = GenericRowData.of(4L, new GenericArrayData(new float[8]), null);
    assertTrue(!converter.convert(row).row().containsKey("title"));
  }

  @Test
  void unknownColumnIsNamed() {
    RowType type = (RowType) DataTypes.ROW(
            DataTypes.FIELD("id", DataTypes.BIGINT()),
            DataTypes.FIELD("emb", DataTypes.ARRAY(DataTypes.FLOAT())),
            DataTypes.FIELD("colour", DataTypes.STRING()))
        .getLogicalType();
    InvalidSchemaException e = assertThrows(InvalidSchemaException.class,
        () -> RowDataConverter.of(type, TestCollections.schema(1)));
    assertTrue(e.getMessage().contains("column 'colour'"), e.getMessage());
  }

  @Test
  void vectorColumnOfWrongTypeIsNamed() {
    RowType type = (RowType) DataTypes.ROW(
            DataTypes.FIELD("id", DataTypes.BIGINT()),
            DataTypes.FIELD("emb", DataTypes.ARRAY(DataTypes.INT())))
        .getLogicalType();
    InvalidSchemaException e = assertThrows(InvalidSchemaException.class,
        () -> RowDataConverter.of(type, TestCollections.schema(1)));
    assertTrue(e.getMessage().contains("ARRAY<FLOAT>"), e.getMessage());
  }

  @Test
  void missingPrimaryKeyColumnIsNamed() {
    RowType type = (RowType) DataTypes.ROW(
            DataTypes.FIELD("emb", DataTypes.ARRAY(DataTypes.FLOAT())))
        .getLogicalType();
    InvalidSchemaException e = assertThrows(InvalidSchemaException.class,
        () -> RowDataConverter.of(type, TestCollections.schema(1)));
    assertTrue(e.getMessage().contains("primary key 'id'"), e.getMessage());
  }
}
