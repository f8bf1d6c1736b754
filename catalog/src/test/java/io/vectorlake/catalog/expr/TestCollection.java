package io.vectorlake.catalog.expr;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.schema.Row;
import io.vectorlake.catalog.schema.RowValidator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The schema and six rows the expression tests filter. */
final class TestCollection {
  static final CollectionSchema SCHEMA = schema(true);
  static final CollectionSchema STATIC_SCHEMA = schema(false);
  static final List<Row> ROWS = rows();

  private TestCollection() {}

  static CollectionSchema schema(boolean dynamic) {
    return CollectionSchema.builder()
        .field(FieldSchema.primaryKey("id", DataType.INT64))
        .field(FieldSchema.builder("age", DataType.INT32))
        .field(FieldSchema.builder("tiny", DataType.INT8))
        .field(FieldSchema.builder("count", DataType.INT64).nullable(true))
        .field(FieldSchema.builder("score", DataType.DOUBLE).nullable(true))
        .field(FieldSchema.builder("price", DataType.FLOAT))
        .field(FieldSchema.builder("name", DataType.VARCHAR).maxLength(100).nullable(true))
        .field(FieldSchema.builder("active", DataType.BOOL).nullable(true))
        .field(FieldSchema.builder("meta", DataType.JSON).nullable(true))
        .field(
            FieldSchema.builder("tags", DataType.ARRAY)
                .elementType(DataType.INT64)
                .maxCapacity(16)
                .nullable(true))
        .field(
            FieldSchema.builder("labels", DataType.ARRAY)
                .elementType(DataType.VARCHAR)
                .maxLength(20)
                .maxCapacity(16))
        .field(FieldSchema.floatVector("vec", 2, MetricType.L2))
        .enableDynamicField(dynamic)
        .build();
  }

  private static List<Row> rows() {
    RowValidator validator = new RowValidator(SCHEMA);
    List<Row> rows = new ArrayList<>();
    rows.add(
        validator.validate(
            row(
                1,
                30,
                1,
                100L,
                4.5,
                9.99f,
                "Alice",
                true,
                "{\"a\":1,\"b\":{\"c\":\"x\"},\"list\":[1,2,3],\"s\":\"hello\"}",
                List.of(1L, 2L, 3L),
                List.of("red", "blue"),
                "{\"color\":\"red\",\"size\":10}"),
            false));
    rows.add(
        validator.validate(
            row(
                2,
                25,
                -5,
                null,
                null,
                20f,
                "Bob",
                false,
                "{\"a\":2.5,\"list\":[4],\"s\":\"world\"}",
                List.of(4L, 5L),
                List.of("green"),
                "{\"color\":\"blue\",\"size\":20}"),
            false));
    rows.add(
        validator.validate(
            row(3, 40, 0, 7L, 3.0, 5.5f, null, null, null, null, List.of(), null), false));
    rows.add(
        validator.validate(
            row(
                4,
                18,
                127,
                -3L,
                5.0,
                100f,
                "alicia",
                true,
                "{\"a\":\"1\",\"list\":[],\"s\":\"help\"}",
                List.of(),
                List.of("red"),
                "{\"color\":\"red\",\"size\":\"big\"}"),
            false));
    rows.add(
        validator.validate(
            row(
                5,
                31,
                2,
                0L,
                0.5,
                0f,
                "50% off_sale",
                false,
                "{\"a\":true,\"b\":{\"c\":\"y\"},\"list\":[1,\"1\",2.0]}",
                List.of(3L),
                List.of("blue", "red", "x"),
                "{\"size\":15.5,\"nested\":{\"k\":[1,2]}}"),
            false));
    rows.add(
        validator.validate(
            row(
                6,
                0,
                -128,
                Long.MAX_VALUE,
                -1.0,
                -2.5f,
                "Ünïcode😀x",
                true,
                "{\"a\":null}",
                List.of(10L, 20L, 30L, 40L),
                List.of("a_b"),
                "{\"color\":null}"),
            false));
    return List.copyOf(rows);
  }

  private static Map<String, Object> row(
      long id,
      int age,
      int tiny,
      Long count,
      Double score,
      float price,
      String name,
      Boolean active,
      String meta,
      List<Long> tags,
      List<String> labels,
      String dynamic) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", id);
    row.put("age", age);
    row.put("tiny", tiny);
    row.put("count", count);
    row.put("score", score);
    row.put("price", price);
    row.put("name", name);
    row.put("active", active);
    row.put("meta", meta);
    row.put("tags", tags);
    row.put("labels", labels);
    row.put("vec", new float[] {1f, 2f});
    row.put(CollectionSchema.DYNAMIC_FIELD, dynamic);
    return row;
  }
}
