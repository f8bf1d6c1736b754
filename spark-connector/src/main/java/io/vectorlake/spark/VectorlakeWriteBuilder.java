package io.vectorlake.spark;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.InvalidSchemaException;
import io.vectorlake.catalog.wal.WalOp;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.connector.write.BatchWrite;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.Write;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Checks a DataFrame against the collection before anything is written (unknown column, wrong
 * type, missing required field: an error naming the column) and plans the write: inserts, or
 * upserts / deletes with {@code option("operation", ...)}, into {@code option("partition", ...)}.
 */
final class VectorlakeWriteBuilder implements WriteBuilder {
  private final ConnectorOptions options;
  private final CollectionSchema schema;
  private final LogicalWriteInfo info;

  VectorlakeWriteBuilder(ConnectorOptions options, CollectionSchema schema, LogicalWriteInfo info) {
    this.options = options;
    this.schema = schema;
    this.info = info;
  }

  @Override
  public Write build() {
    String operation = info.options().getOrDefault("operation", "insert").toUpperCase(Locale.ROOT);
    WalOp op;
    try {
      op = WalOp.valueOf(operation);
    } catch (IllegalArgumentException e) {
      throw new InvalidSchemaException("option operation must be insert, upsert or delete, got '"
          + info.options().get("operation") + "'");
    }
    String partition = info.options().get("partition");
    StructType df = info.schema();
    check(df, op);
    List<String> vectors = schema.vectorFields().stream().map(FieldSchema::name).toList();
    return new Write() {
      @Override
      public BatchWrite toBatch() {
        return new VectorlakeBatchWrite(options, df, schema.primaryKey().name(), vectors, op, partition,
            info.queryId());
      }
    };
  }

  private void check(StructType df, WalOp op) {
    FieldSchema key = schema.primaryKey();
    for (StructField column : df.fields()) {
      var field = schema.field(column.name());
      if (field.isEmpty()) {
        if (!schema.enableDynamicField() && !column.name().equals(CollectionSchema.DYNAMIC_FIELD)) {
          throw new InvalidSchemaException("column '" + column.name() + "' is not a field of "
              + options.collection() + " " + schema.fields().stream().map(FieldSchema::name).toList()
              + ", and the collection has no dynamic field");
        }
        continue;
      }
      FieldSchema f = field.get();
      boolean fits = f.type().isVector() ? SparkSchemas.isVectorType(column.dataType())
          : compatible(SparkSchemas.sparkType(f), column.dataType());
      if (!fits) {
        throw new InvalidSchemaException("column '" + column.name() + "' is "
            + column.dataType().simpleString() + " but field '" + f.name() + "' is " + f.type()
            + " (expects " + SparkSchemas.sparkType(f).simpleString() + ")");
      }
    }
    boolean hasKey = df.getFieldIndex(key.name()).isDefined();
    if (op == WalOp.DELETE) {
      if (!hasKey) {
        throw new InvalidSchemaException("a delete needs the key column '" + key.name() + "'");
      }
      return;
    }
    if (!hasKey && !(key.autoId() && op == WalOp.INSERT)) {
      throw new InvalidSchemaException("column '" + key.name() + "' (the primary key) is missing");
    }
    for (FieldSchema f : schema.fields()) {
      if (!f.primaryKey() && !f.nullable() && !f.hasDefault() && df.getFieldIndex(f.name()).isEmpty()) {
        throw new InvalidSchemaException("column '" + f.name() + "' is missing: field '" + f.name()
            + "' is required (not nullable, no default)");
      }
    }
  }

  private static boolean compatible(org.apache.spark.sql.types.DataType expected,
      org.apache.spark.sql.types.DataType actual) {
    if (expected.sameType(actual)) {
      return true;
    }
    String e = expected.typeName();
    String a = actual.typeName();
    List<String> integers = List.of("byte", "short", "integer", "long");
    if (integers.contains(e) && integers.contains(a)) {
      return true; // values out of the field's range are rejected row by row, naming the row
    }
    return (e.equals("float") || e.equals("double"))
        && (a.equals("float") || a.equals("double") || integers.contains(a));
  }
}
