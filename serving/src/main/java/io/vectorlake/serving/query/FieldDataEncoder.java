package io.vectorlake.serving.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.milvus.grpc.ArrayArray;
import io.milvus.grpc.BoolArray;
import io.milvus.grpc.DoubleArray;
import io.milvus.grpc.FieldData;
import io.milvus.grpc.FloatArray;
import io.milvus.grpc.IntArray;
import io.milvus.grpc.JSONArray;
import io.milvus.grpc.LongArray;
import io.milvus.grpc.ScalarField;
import io.milvus.grpc.StringArray;
import io.milvus.grpc.VectorField;
import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.Row;
import io.vectorlake.serving.collection.SchemaMapping;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes rows back as Milvus result columns ({@link FieldData}), one per output field: nullable
 * fields carry {@code valid_data} with a placeholder value in each null slot, as Milvus answers.
 */
public final class FieldDataEncoder {
  private static final ObjectMapper JSON = new ObjectMapper();

  private FieldDataEncoder() {}

  public static List<FieldData> encode(OutputFields output, List<Row> rows) {
    List<FieldData> columns = new ArrayList<>();
    for (FieldSchema field : output.fields()) {
      columns.add(column(field, rows));
    }
    if (output.hasDynamic()) {
      columns.add(dynamicColumn(output, rows));
    }
    return columns;
  }

  /** The dynamic keys present in the rows, for a search result's {@code output_fields}. */
  public static List<String> dynamicKeysPresent(OutputFields output, List<Row> rows) {
    if (!output.wholeDynamic()) {
      return output.dynamicKeys();
    }
    Set<String> keys = new LinkedHashSet<>();
    for (Row row : rows) {
      JsonNode node = parse(row);
      node.fieldNames().forEachRemaining(keys::add);
    }
    return new ArrayList<>(keys);
  }

  private static FieldData dynamicColumn(OutputFields output, List<Row> rows) {
    JSONArray.Builder json = JSONArray.newBuilder();
    for (Row row : rows) {
      ObjectNode node = parse(row);
      if (!output.wholeDynamic()) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
          if (!output.dynamicKeys().contains(names.next())) {
            names.remove();
          }
        }
      }
      json.addData(ByteString.copyFrom(node.toString(), StandardCharsets.UTF_8));
    }
    return FieldData.newBuilder()
        .setType(io.milvus.grpc.DataType.JSON)
        .setFieldName(CollectionSchema.DYNAMIC_FIELD)
        .setIsDynamic(true)
        .setScalars(ScalarField.newBuilder().setJsonData(json))
        .build();
  }

  private static ObjectNode parse(Row row) {
    Object text = row.get(CollectionSchema.DYNAMIC_FIELD);
    if (text == null) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode node = JSON.readTree((String) text);
      return node instanceof ObjectNode object ? object : JSON.createObjectNode();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("stored dynamic field is not JSON: " + text, e);
    }
  }

  static FieldData column(FieldSchema field, List<Row> rows) {
    FieldData.Builder builder = FieldData.newBuilder()
        .setFieldName(field.name())
        .setFieldId(field.id())
        .setType(SchemaMapping.typeToProto(field.type()));
    if (field.nullable()) {
      for (Row row : rows) {
        builder.addValidData(row.get(field.name()) != null);
      }
    }
    if (field.type() == DataType.FLOAT_VECTOR) {
      FloatArray.Builder data = FloatArray.newBuilder();
      for (Row row : rows) {
        for (float x : row.vector(field.name())) {
          data.addData(x);
        }
      }
      builder.setVectors(VectorField.newBuilder().setDim(field.dim()).setFloatVector(data));
      return builder.build();
    }
    List<Object> values = new ArrayList<>(rows.size());
    for (Row row : rows) {
      values.add(row.get(field.name()));
    }
    builder.setScalars(scalars(field.type(), field.elementType(), values));
    return builder.build();
  }

  private static ScalarField scalars(DataType type, DataType elementType, List<Object> values) {
    ScalarField.Builder out = ScalarField.newBuilder();
    switch (type) {
      case BOOL -> {
        BoolArray.Builder a = BoolArray.newBuilder();
        values.forEach(v -> a.addData(v != null && (Boolean) v));
        out.setBoolData(a);
      }
      case INT8, INT16, INT32 -> {
        IntArray.Builder a = IntArray.newBuilder();
        values.forEach(v -> a.addData(v == null ? 0 : ((Number) v).intValue()));
        out.setIntData(a);
      }
      case INT64 -> {
        LongArray.Builder a = LongArray.newBuilder();
        values.forEach(v -> a.addData(v == null ? 0 : ((Number) v).longValue()));
        out.setLongData(a);
      }
      case FLOAT -> {
        FloatArray.Builder a = FloatArray.newBuilder();
        values.forEach(v -> a.addData(v == null ? 0 : ((Number) v).floatValue()));
        out.setFloatData(a);
      }
      case DOUBLE -> {
        DoubleArray.Builder a = DoubleArray.newBuilder();
        values.forEach(v -> a.addData(v == null ? 0 : ((Number) v).doubleValue()));
        out.setDoubleData(a);
      }
      case VARCHAR -> {
        StringArray.Builder a = StringArray.newBuilder();
        values.forEach(v -> a.addData(v == null ? "" : (String) v));
        out.setStringData(a);
      }
      case JSON -> {
        JSONArray.Builder a = JSONArray.newBuilder();
        values.forEach(v -> a.addData(ByteString.copyFrom(v == null ? "null" : (String) v,
            StandardCharsets.UTF_8)));
        out.setJsonData(a);
      }
      case ARRAY -> {
        ArrayArray.Builder a = ArrayArray.newBuilder()
            .setElementType(SchemaMapping.typeToProto(elementType));
        for (Object v : values) {
          List<Object> items = v == null ? List.of() : new ArrayList<>((List<?>) v);
          a.addData(scalars(elementType, null, items));
        }
        out.setArrayData(a);
      }
      default -> throw new IllegalStateException("not a scalar type: " + type);
    }
    return out.build();
  }
}
