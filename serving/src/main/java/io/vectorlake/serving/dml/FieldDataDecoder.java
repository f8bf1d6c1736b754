package io.vectorlake.serving.dml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.milvus.grpc.FieldData;
import io.milvus.grpc.ScalarField;
import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.serving.rpc.ErrorKind;
import io.vectorlake.serving.rpc.ServingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the columns of an Insert or Upsert ({@code fields_data}, one {@link FieldData} per field)
 * into rows keyed by field name, the form the WAL writer checks. Undeclared keys of the dynamic
 * column become keys of the row, which the catalog's validator moves into {@code $meta}.
 */
public final class FieldDataDecoder {
  private static final ObjectMapper JSON = new ObjectMapper();

  private FieldDataDecoder() {}

  /** The rows of an Insert or Upsert, which must carry at least one column. */
  public static List<Map<String, Object>> insertedRows(
      String collection, CollectionSchema schema, List<FieldData> columns, int numRows) {
    if (columns.isEmpty()) {
      throw ServingException.invalid("the write to collection '" + collection + "' has "
          + numRows + " rows but no field data; send one column per field");
    }
    return rows(collection, schema, columns, numRows);
  }

  /** The rows the columns hold; with no column, {@code numRows} empty rows (a result page). */
  public static List<Map<String, Object>> rows(
      String collection, CollectionSchema schema, List<FieldData> columns, int numRows) {
    if (columns.isEmpty()) {
      List<Map<String, Object>> empty = new ArrayList<>(Math.max(numRows, 0));
      for (int i = 0; i < numRows; i++) {
        empty.add(new LinkedHashMap<>());
      }
      return empty;
    }
    int rows = numRows > 0 ? numRows : rowCount(columns.get(0));
    // Every column is decoded and its length checked before a row exists: num_rows is only a
    // claim, and allocating that many rows first let a tiny request take gigabytes.
    List<FieldSchema> fields = new ArrayList<>(columns.size());
    List<List<Object>> decoded = new ArrayList<>(columns.size());
    for (FieldData column : columns) {
      FieldSchema field = column.getIsDynamic() ? null : field(collection, schema, column);
      if (column.getIsDynamic() && !schema.enableDynamicField()) {
        throw ServingException.invalid("collection '" + collection + "' has no dynamic field;"
            + " insert only its declared fields " + names(schema));
      }
      fields.add(field);
      decoded.add(values(column, field, rows));
    }
    List<Map<String, Object>> out = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      out.add(new LinkedHashMap<>());
    }
    for (int c = 0; c < decoded.size(); c++) {
      FieldSchema field = fields.get(c);
      List<Object> values = decoded.get(c);
      for (int i = 0; i < rows; i++) {
        Map<String, Object> row = out.get(i);
        if (field == null) {
          dynamicObject((String) values.get(i)).forEach((key, value) -> {
            if (schema.field(key).isEmpty()) {
              row.put(key, value);
            }
          });
        } else if (values.get(i) != null) {
          row.put(field.name(), values.get(i));
        }
      }
    }
    return out;
  }

  private static FieldSchema field(String collection, CollectionSchema schema, FieldData column) {
    return schema.field(column.getFieldName()).orElseThrow(() ->
        new ServingException(ErrorKind.FIELD_NOT_FOUND, "field '" + column.getFieldName()
            + "' does not exist in collection '" + collection + "'; its fields are "
            + names(schema)));
  }

  private static List<String> names(CollectionSchema schema) {
    return schema.fields().stream().map(FieldSchema::name).toList();
  }

  private static Map<String, Object> dynamicObject(String json) {
    if (json == null || json.isBlank()) {
      return Map.of();
    }
    try {
      return JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw ServingException.invalid("the dynamic field of a row is not a JSON object: "
          + e.getOriginalMessage());
    }
  }

  private static int rowCount(FieldData column) {
    if (column.getValidDataCount() > 0) {
      return column.getValidDataCount();
    }
    return values(column, null, -1).size();
  }

  /**
   * The column's values with nulls where {@code valid_data} says so; SDKs send either one value
   * per row or (for nullable fields) only the valid ones.
   */
  private static List<Object> values(FieldData column, FieldSchema field, int rows) {
    List<Object> raw = raw(column, field);
    List<Boolean> valid = column.getValidDataList();
    List<Object> out;
    if (!valid.isEmpty() && raw.size() != valid.size()) {
      out = new ArrayList<>(valid.size());
      int next = 0;
      for (Boolean isValid : valid) {
        out.add(isValid && next < raw.size() ? raw.get(next++) : null);
      }
    } else if (!valid.isEmpty()) {
      out = new ArrayList<>(raw);
      for (int i = 0; i < valid.size(); i++) {
        if (!valid.get(i)) {
          out.set(i, null);
        }
      }
    } else {
      out = raw;
    }
    if (rows >= 0 && out.size() != rows) {
      throw ServingException.invalid("field '" + column.getFieldName() + "' has " + out.size()
          + " values but the request has " + rows + " rows; every field needs one value per row");
    }
    return out;
  }

  private static List<Object> raw(FieldData column, FieldSchema field) {
    return switch (column.getFieldCase()) {
      case SCALARS -> scalars(column.getScalars());
      case VECTORS -> vectors(column, field);
      default -> throw ServingException.invalid("field '" + column.getFieldName()
          + "' carries no data");
    };
  }

  private static List<Object> vectors(FieldData column, FieldSchema field) {
    var vectors = column.getVectors();
    if (!vectors.hasFloatVector()) {
      throw ServingException.invalid("field '" + column.getFieldName() + "': only float vectors"
          + " are supported, got " + vectors.getDataCase());
    }
    int dim = (int) vectors.getDim();
    List<Float> data = vectors.getFloatVector().getDataList();
    if (field != null && dim != field.dim()) {
      throw new ServingException(ErrorKind.ILLEGAL_DIMENSION, "vector field '" + field.name()
          + "' expects dim " + field.dim() + ", got vectors of dim " + dim);
    }
    if (dim <= 0 || data.size() % dim != 0) {
      throw new ServingException(ErrorKind.ILLEGAL_DIMENSION, "vector field '"
          + column.getFieldName() + "': " + data.size() + " floats do not split into vectors of"
          + " dim " + dim);
    }
    List<Object> out = new ArrayList<>(data.size() / dim);
    for (int start = 0; start < data.size(); start += dim) {
      float[] v = new float[dim];
      for (int j = 0; j < dim; j++) {
        v[j] = data.get(start + j);
      }
      out.add(v);
    }
    return out;
  }

  static List<Object> scalars(ScalarField scalars) {
    return switch (scalars.getDataCase()) {
      case BOOL_DATA -> new ArrayList<>(scalars.getBoolData().getDataList());
      case INT_DATA -> new ArrayList<>(scalars.getIntData().getDataList());
      case LONG_DATA -> new ArrayList<>(scalars.getLongData().getDataList());
      case FLOAT_DATA -> new ArrayList<>(scalars.getFloatData().getDataList());
      case DOUBLE_DATA -> new ArrayList<>(scalars.getDoubleData().getDataList());
      case STRING_DATA -> new ArrayList<>(scalars.getStringData().getDataList());
      case JSON_DATA -> {
        List<Object> out = new ArrayList<>();
        scalars.getJsonData().getDataList().forEach(b -> out.add(b.toString(StandardCharsets.UTF_8)));
        yield out;
      }
      case ARRAY_DATA -> {
        List<Object> out = new ArrayList<>();
        for (ScalarField element : scalars.getArrayData().getDataList()) {
          out.add(scalars(element));
        }
        yield out;
      }
      default -> throw ServingException.invalid("unsupported scalar data " + scalars.getDataCase());
    };
  }
}
