package io.vectorlake.serving.collection;

import io.milvus.grpc.KeyValuePair;
import io.milvus.grpc.ValueField;
import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.InvalidSchemaException;
import java.util.List;

/**
 * Translates between Milvus' protocol schema ({@code schema.proto}) and the catalog's
 * {@link CollectionSchema}: field types, type params ({@code dim}, {@code max_length}, {@code
 * max_capacity}), nullable fields, default values, auto-id and the dynamic field.
 */
public final class SchemaMapping {
  public static final String DIM = "dim";
  public static final String MAX_LENGTH = "max_length";
  public static final String MAX_CAPACITY = "max_capacity";

  private SchemaMapping() {}

  /** Our schema for a CreateCollection request; {@code shards} 0 means Milvus' default of 1. */
  public static CollectionSchema fromProto(io.milvus.grpc.CollectionSchema proto, int shards) {
    if (proto.getFunctionsCount() > 0) {
      throw new InvalidSchemaException(
          "schema functions (BM25, text embedding) are not supported by Vectorlake; remove them");
    }
    if (proto.getStructArrayFieldsCount() > 0) {
      throw new InvalidSchemaException(
          "struct array fields are not supported by Vectorlake; remove them");
    }
    CollectionSchema.Builder builder =
        CollectionSchema.builder()
            .description(proto.getDescription())
            .enableDynamicField(proto.getEnableDynamicField())
            .shards(shards <= 0 ? 1 : shards);
    for (io.milvus.grpc.FieldSchema field : proto.getFieldsList()) {
      if (field.getIsDynamic()) {
        // Some clients declare the dynamic field explicitly; it is the enable flag for us.
        builder.enableDynamicField(true);
        continue;
      }
      builder.field(fieldFromProto(field));
    }
    return builder.build();
  }

  static FieldSchema fieldFromProto(io.milvus.grpc.FieldSchema proto) {
    String name = proto.getName();
    if (proto.getIsPartitionKey()) {
      throw new InvalidSchemaException(
          "field '" + name + "': partition keys are not supported by Vectorlake yet; use named"
              + " partitions");
    }
    if (proto.getIsFunctionOutput()) {
      throw new InvalidSchemaException(
          "field '" + name + "': function output fields are not supported by Vectorlake");
    }
    DataType type = typeFromProto(name, proto.getDataType());
    FieldSchema.Builder builder =
        FieldSchema.builder(name, type)
            .primaryKey(proto.getIsPrimaryKey())
            .autoId(proto.getAutoID())
            .nullable(proto.getNullable())
            .description(proto.getDescription());
    for (KeyValuePair param : proto.getTypeParamsList()) {
      switch (param.getKey()) {
        case DIM -> builder.dim(intParam(name, param));
        case MAX_LENGTH -> builder.maxLength(intParam(name, param));
        case MAX_CAPACITY -> builder.maxCapacity(intParam(name, param));
        default -> {
          // Milvus-only options (mmap, analyzers) do not change what is stored; ignore them.
        }
      }
    }
    if (type == DataType.ARRAY) {
      builder.elementType(typeFromProto(name + " elements", proto.getElementType()));
    }
    if (proto.hasDefaultValue() && proto.getDefaultValue().getDataCase()
        != ValueField.DataCase.DATA_NOT_SET) {
      builder.defaultValue(defaultValue(proto.getDefaultValue()));
    }
    return builder.build();
  }

  private static int intParam(String field, KeyValuePair param) {
    try {
      return Integer.parseInt(param.getValue().trim());
    } catch (NumberFormatException e) {
      throw new InvalidSchemaException(
          "field '" + field + "': type param " + param.getKey() + " must be an integer, got '"
              + param.getValue() + "'");
    }
  }

  private static Object defaultValue(ValueField value) {
    return switch (value.getDataCase()) {
      case BOOL_DATA -> value.getBoolData();
      case INT_DATA -> value.getIntData();
      case LONG_DATA -> value.getLongData();
      case FLOAT_DATA -> value.getFloatData();
      case DOUBLE_DATA -> value.getDoubleData();
      case STRING_DATA -> value.getStringData();
      default -> throw new InvalidSchemaException(
          "default values of kind " + value.getDataCase() + " are not supported");
    };
  }

  static DataType typeFromProto(String field, io.milvus.grpc.DataType type) {
    return switch (type) {
      case Bool -> DataType.BOOL;
      case Int8 -> DataType.INT8;
      case Int16 -> DataType.INT16;
      case Int32 -> DataType.INT32;
      case Int64 -> DataType.INT64;
      case Float -> DataType.FLOAT;
      case Double -> DataType.DOUBLE;
      case VarChar, String -> DataType.VARCHAR;
      case JSON -> DataType.JSON;
      case Array -> DataType.ARRAY;
      case FloatVector -> DataType.FLOAT_VECTOR;
      default -> throw new InvalidSchemaException(
          "field '" + field + "': data type " + type + " is not supported by Vectorlake; use one"
              + " of Bool, Int8, Int16, Int32, Int64, Float, Double, VarChar, JSON, Array,"
              + " FloatVector");
    };
  }

  public static io.milvus.grpc.DataType typeToProto(DataType type) {
    return switch (type) {
      case BOOL -> io.milvus.grpc.DataType.Bool;
      case INT8 -> io.milvus.grpc.DataType.Int8;
      case INT16 -> io.milvus.grpc.DataType.Int16;
      case INT32 -> io.milvus.grpc.DataType.Int32;
      case INT64 -> io.milvus.grpc.DataType.Int64;
      case FLOAT -> io.milvus.grpc.DataType.Float;
      case DOUBLE -> io.milvus.grpc.DataType.Double;
      case VARCHAR -> io.milvus.grpc.DataType.VarChar;
      case JSON -> io.milvus.grpc.DataType.JSON;
      case ARRAY -> io.milvus.grpc.DataType.Array;
      case FLOAT_VECTOR -> io.milvus.grpc.DataType.FloatVector;
    };
  }

  /**
   * The protocol schema of a stored collection, field ids included. The dynamic field is left out,
   * as Milvus' DescribeCollection does; {@code enable_dynamic_field} tells clients about it.
   */
  public static io.milvus.grpc.CollectionSchema toProto(
      String name, String database, CollectionSchema schema) {
    io.milvus.grpc.CollectionSchema.Builder builder =
        io.milvus.grpc.CollectionSchema.newBuilder()
            .setName(name)
            .setDbName(database)
            .setDescription(schema.description())
            .setEnableDynamicField(schema.enableDynamicField());
    for (FieldSchema field : schema.fields()) {
      builder.addFields(fieldToProto(field));
    }
    return builder.build();
  }

  static io.milvus.grpc.FieldSchema fieldToProto(FieldSchema field) {
    io.milvus.grpc.FieldSchema.Builder builder =
        io.milvus.grpc.FieldSchema.newBuilder()
            .setFieldID(field.id())
            .setName(field.name())
            .setIsPrimaryKey(field.primaryKey())
            .setAutoID(field.autoId())
            .setDescription(field.description())
            .setDataType(typeToProto(field.type()))
            .setNullable(field.nullable());
    if (field.type().isVector()) {
      builder.addTypeParams(param(DIM, field.dim()));
    }
    if (field.maxLength() > 0) {
      builder.addTypeParams(param(MAX_LENGTH, field.maxLength()));
    }
    if (field.type() == DataType.ARRAY) {
      builder.setElementType(typeToProto(field.elementType()));
      builder.addTypeParams(param(MAX_CAPACITY, field.maxCapacity()));
    }
    if (field.hasDefault()) {
      builder.setDefaultValue(defaultToProto(field));
    }
    return builder.build();
  }

  private static ValueField defaultToProto(FieldSchema field) {
    Object value = field.defaultValue();
    ValueField.Builder builder = ValueField.newBuilder();
    return switch (field.type()) {
      case BOOL -> builder.setBoolData((Boolean) value).build();
      case INT8, INT16, INT32 -> builder.setIntData(((Number) value).intValue()).build();
      case INT64 -> builder.setLongData(((Number) value).longValue()).build();
      case FLOAT -> builder.setFloatData(((Number) value).floatValue()).build();
      case DOUBLE -> builder.setDoubleData(((Number) value).doubleValue()).build();
      default -> builder.setStringData(value.toString()).build();
    };
  }

  private static KeyValuePair param(String key, int value) {
    return KeyValuePair.newBuilder().setKey(key).setValue(Integer.toString(value)).build();
  }

  /** The vector fields' names, for messages. */
  public static List<String> vectorFieldNames(CollectionSchema schema) {
    return schema.vectorFields().stream().map(FieldSchema::name).toList();
  }
}
