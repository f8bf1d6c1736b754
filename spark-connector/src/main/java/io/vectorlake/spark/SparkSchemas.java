package io.vectorlake.spark;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.InvalidSchemaException;
import io.vectorlake.catalog.schema.MetricType;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/** Maps collection schemas to Spark schemas and back (for collections created from a DataFrame). */
final class SparkSchemas {
  static final String VECTORLAKE_TYPE = "vectorlake.type";

  private SparkSchemas() {}

  static StructType toSpark(CollectionSchema schema) {
    List<StructField> fields = new ArrayList<>();
    for (FieldSchema field : schema.fields()) {
      Metadata metadata = new MetadataBuilder().putString(VECTORLAKE_TYPE, field.type().name()).build();
      boolean nullable = field.nullable() && !field.hasDefault();
      fields.add(new StructField(field.name(), sparkType(field), nullable, metadata));
    }
    if (schema.enableDynamicField()) {
      fields.add(new StructField(CollectionSchema.DYNAMIC_FIELD, DataTypes.StringType, true,
          new MetadataBuilder().putString(VECTORLAKE_TYPE, "JSON").build()));
    }
    return new StructType(fields.toArray(StructField[]::new));
  }

  static org.apache.spark.sql.types.DataType sparkType(FieldSchema field) {
    return switch (field.type()) {
      case FLOAT_VECTOR -> DataTypes.createArrayType(DataTypes.FloatType, false);
      case ARRAY -> DataTypes.createArrayType(scalarType(field.elementType()), false);
      default -> scalarType(field.type());
    };
  }

  private static org.apache.spark.sql.types.DataType scalarType(DataType type) {
    return switch (type) {
      case BOOL -> DataTypes.BooleanType;
      case INT8 -> DataTypes.ByteType;
      case INT16 -> DataTypes.ShortType;
      case INT32 -> DataTypes.IntegerType;
      case INT64 -> DataTypes.LongType;
      case FLOAT -> DataTypes.FloatType;
      case DOUBLE -> DataTypes.DoubleType;
      case VARCHAR, JSON -> DataTypes.StringType;
      default -> throw new IllegalArgumentException("not a scalar type: " + type);
    };
  }

  /**
   * A collection schema for a DataFrame: option {@code primaryKey} names the key column ({@code
   * autoId} true to generate it), {@code vectorField} (comma-separated for several) the vector
   * columns with {@code dim} and {@code metric}; {@code maxLength} and {@code maxCapacity} bound
   * strings and arrays, {@code shards} and {@code dynamic} as in Milvus.
   */
  static CollectionSchema fromSpark(StructType df, CaseInsensitiveStringMap options) {
    String primaryKey = required(options, "primaryKey");
    List<String> vectors = List.of(required(options, "vectorField").split("\\s*,\\s*"));
    int dim = Integer.parseInt(required(options, "dim"));
    MetricType metric = MetricType.parse(options.getOrDefault("metric", "L2"));
    int maxLength = options.getInt("maxLength", FieldSchema.MAX_VARCHAR_LENGTH);
    int maxCapacity = options.getInt("maxCapacity", FieldSchema.MAX_ARRAY_CAPACITY);
    boolean autoId = options.getBoolean("autoId", false);
    CollectionSchema.Builder builder = CollectionSchema.builder()
        .shards(options.getInt("shards", 1))
        .enableDynamicField(options.getBoolean("dynamic", false));
    if (autoId && df.getFieldIndex(primaryKey).isEmpty()) {
      builder.field(FieldSchema.primaryKey(primaryKey, DataType.INT64).autoId(true));
    }
    for (StructField column : df.fields()) {
      String name = column.name();
      if (name.equals(CollectionSchema.DYNAMIC_FIELD)) {
        continue;
      }
      if (vectors.contains(name)) {
        if (!isVectorType(column.dataType())) {
          throw new InvalidSchemaException("column '" + name + "' is named as a vector field but is "
              + column.dataType().simpleString() + "; vectors are array<float> or Spark ML vectors");
        }
        builder.field(FieldSchema.floatVector(name, dim, metric));
        continue;
      }
      DataType type = vectorlakeType(name, column.dataType());
      FieldSchema.Builder field = FieldSchema.builder(name, type);
      if (name.equals(primaryKey)) {
        field.primaryKey(true).autoId(autoId);
      } else {
        field.nullable(column.nullable());
      }
      if (type == DataType.VARCHAR) {
        field.maxLength(maxLength);
      }
      if (type == DataType.ARRAY) {
        DataType element = vectorlakeType(name, ((ArrayType) column.dataType()).elementType());
        field.elementType(element).maxCapacity(maxCapacity);
        if (element == DataType.VARCHAR) {
          field.maxLength(maxLength);
        }
      }
      builder.field(field);
    }
    return builder.build();
  }

  static boolean isVectorType(org.apache.spark.sql.types.DataType type) {
    return (type instanceof ArrayType array && (array.elementType() == DataTypes.FloatType
        || array.elementType() == DataTypes.DoubleType))
        || type.getClass().getName().equals("org.apache.spark.ml.linalg.VectorUDT");
  }

  private static DataType vectorlakeType(String column, org.apache.spark.sql.types.DataType type) {
    if (type == DataTypes.BooleanType) {
      return DataType.BOOL;
    } else if (type == DataTypes.ByteType) {
      return DataType.INT8;
    } else if (type == DataTypes.ShortType) {
      return DataType.INT16;
    } else if (type == DataTypes.IntegerType) {
      return DataType.INT32;
    } else if (type == DataTypes.LongType) {
      return DataType.INT64;
    } else if (type == DataTypes.FloatType) {
      return DataType.FLOAT;
    } else if (type == DataTypes.DoubleType) {
      return DataType.DOUBLE;
    } else if (type == DataTypes.StringType) {
      return DataType.VARCHAR;
    } else if (type instanceof ArrayType) {
      return DataType.ARRAY;
    }
    throw new InvalidSchemaException(
        "column '" + column + "' has type " + type.simpleString() + ", which no Milvus field type holds");
  }

  private static String required(CaseInsensitiveStringMap options, String key) {
    String value = options.get(key);
    if (value == null || value.isBlank()) {
      throw new InvalidSchemaException("creating a collection from a DataFrame needs option '"
          + key + "' (primaryKey, vectorField, dim; metric, shards, dynamic, autoId optional)");
    }
    return value;
  }
}
