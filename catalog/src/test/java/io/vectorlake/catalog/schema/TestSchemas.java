package io.vectorlake.catalog.schema;

/** Schemas shared by the catalog's tests. */
public final class TestSchemas {
  private TestSchemas() {}

  /** A schema with every field type, a dynamic field and three shards. */
  public static CollectionSchema everyFieldType() {
    return CollectionSchema.builder()
        .field(FieldSchema.primaryKey("id", DataType.INT64))
        .field(FieldSchema.floatVector("emb", 4, MetricType.COSINE))
        .field(FieldSchema.builder("flag", DataType.BOOL).nullable(true))
        .field(FieldSchema.builder("i8", DataType.INT8).defaultValue(7))
        .field(FieldSchema.builder("i16", DataType.INT16).nullable(true))
        .field(FieldSchema.builder("i32", DataType.INT32).nullable(true))
        .field(FieldSchema.builder("i64", DataType.INT64).defaultValue(-1L))
        .field(FieldSchema.builder("f", DataType.FLOAT).defaultValue(0.5))
        .field(FieldSchema.builder("d", DataType.DOUBLE).nullable(true))
        .field(FieldSchema.builder("title", DataType.VARCHAR).maxLength(16).defaultValue("none"))
        .field(FieldSchema.builder("meta", DataType.JSON).nullable(true))
        .field(
            FieldSchema.builder("tags", DataType.ARRAY)
                .elementType(DataType.VARCHAR)
                .maxLength(8)
                .maxCapacity(3)
                .nullable(true))
        .field(
            FieldSchema.builder("scores", DataType.ARRAY)
                .elementType(DataType.FLOAT)
                .maxCapacity(4)
                .nullable(true)
                .description("per-judge scores"))
        .enableDynamicField(true)
        .shards(3)
        .description("every field type")
        .build();
  }
}
