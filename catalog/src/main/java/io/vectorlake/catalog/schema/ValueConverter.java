package io.vectorlake.catalog.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Turns the values a producer hands us into the one canonical Java type per field type, checking
 * the field's rules on the way. Canonical types: BOOL Boolean; INT8..INT32 Integer; INT64 Long;
 * FLOAT Float; DOUBLE Double; VARCHAR String; JSON compact JSON text (String); ARRAY an
 * unmodifiable List of canonical elements; FLOAT_VECTOR float[].
 */
public final class ValueConverter {
  /** Milvus' limit on one JSON value. */
  public static final int MAX_JSON_BYTES = 65_536;

  static final ObjectMapper JSON = new ObjectMapper();

  private ValueConverter() {}

  /** Canonical value of {@code value} for {@code field}; {@code value} must not be null. */
  public static Object convert(FieldSchema field, Object value) {
    return switch (field.type()) {
      case ARRAY -> array(field, value);
      case FLOAT_VECTOR -> floatVector(field.name(), field.dim(), value);
      default -> scalar(field.name(), field.type(), field.maxLength(), value);
    };
  }

  static Object defaultValue(String field, DataType type, int maxLength, Object value) {
    try {
      return scalar(field, type, maxLength, value);
    } catch (InvalidRowException e) {
      throw new InvalidSchemaException("default value: " + e.getMessage());
    }
  }

  static Object scalar(String field, DataType type, int maxLength, Object value) {
    return switch (type) {
      case BOOL -> {
        if (value instanceof Boolean b) {
          yield b;
        }
        throw mismatch(field, type, value);
      }
      case INT8 -> (int) integer(field, type, value, Byte.MIN_VALUE, Byte.MAX_VALUE);
      case INT16 -> (int) integer(field, type, value, Short.MIN_VALUE, Short.MAX_VALUE);
      case INT32 -> (int) integer(field, type, value, Integer.MIN_VALUE, Integer.MAX_VALUE);
      case INT64 -> integer(field, type, value, Long.MIN_VALUE, Long.MAX_VALUE);
      case FLOAT -> {
        if (value instanceof Number n && !(value instanceof BigInteger)) {
          float f = n.floatValue();
          if (Float.isInfinite(f) && !Double.isInfinite(n.doubleValue())) {
            throw new InvalidRowException(
                field, "field '" + field + "': value " + value + " is out of range for FLOAT");
          }
          yield f;
        }
        throw mismatch(field, type, value);
      }
      case DOUBLE -> {
        if (value instanceof Number n && !(value instanceof BigInteger)) {
          yield n.doubleValue();
        }
        throw mismatch(field, type, value);
      }
      case VARCHAR -> {
        if (value instanceof CharSequence s) {
          String text = s.toString();
          int bytes = utf8Length(text);
          if (bytes > maxLength) {
            throw new InvalidRowException(
                field,
                "field '" + field + "': VARCHAR value is " + bytes + " bytes long, over its"
                    + " max_length " + maxLength);
          }
          yield text;
        }
        throw mismatch(field, type, value);
      }
      case JSON -> json(field, value);
      default -> throw new IllegalStateException("not a scalar type: " + type);
    };
  }

  /** Canonical JSON text: a String is parsed as JSON text; anything else is serialized. */
  public static String json(String field, Object value) {
    JsonNode node;
    try {
      node = value instanceof CharSequence s ? JSON.readTree(s.toString()) : JSON.valueToTree(value);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new InvalidRowException(
          field, "field '" + field + "': not valid JSON: " + firstLine(e.getMessage()));
    }
    if (node == null || node.isMissingNode()) {
      throw new InvalidRowException(field, "field '" + field + "': empty JSON value");
    }
    String text = node.toString();
    int bytes = utf8Length(text);
    if (bytes > MAX_JSON_BYTES) {
      throw new InvalidRowException(
          field,
          "field '" + field + "': JSON value is " + bytes + " bytes, over the limit of "
              + MAX_JSON_BYTES);
    }
    return text;
  }

  private static List<Object> array(FieldSchema field, Object value) {
    List<?> items;
    if (value instanceof List<?> list) {
      items = list;
    } else if (value instanceof Object[] objects) {
      items = List.of(objects);
    } else {
      throw mismatch(field.name(), DataType.ARRAY, value);
    }
    if (items.size() > field.maxCapacity()) {
      throw new InvalidRowException(
          field.name(),
          "field '" + field.name() + "': ARRAY has " + items.size() + " elements, over its"
              + " max_capacity " + field.maxCapacity());
    }
    List<Object> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      Object item = items.get(i);
      if (item == null) {
        throw new InvalidRowException(
            field.name(), "field '" + field.name() + "': ARRAY element " + i + " is null");
      }
      out.add(scalar(field.name() + "[" + i + "]", field.elementType(), field.maxLength(), item));
    }
    return Collections.unmodifiableList(out);
  }

  /** A copy of the vector as float[], checked for dimension and finite components. */
  public static float[] floatVector(String field, int dim, Object value) {
    float[] vector;
    if (value instanceof float[] floats) {
      vector = floats.clone();
    } else if (value instanceof double[] doubles) {
      vector = new float[doubles.length];
      for (int i = 0; i < doubles.length; i++) {
        vector[i] = (float) doubles[i];
      }
    } else if (value instanceof List<?> list) {
      vector = new float[list.size()];
      for (int i = 0; i < vector.length; i++) {
        if (!(list.get(i) instanceof Number n)) {
          throw new InvalidRowException(
              field, "field '" + field + "': vector component " + i + " is not a number");
        }
        vector[i] = n.floatValue();
      }
    } else {
      throw mismatch(field, DataType.FLOAT_VECTOR, value);
    }
    if (vector.length != dim) {
      throw new InvalidRowException(
          field, "vector field '" + field + "' expects dim " + dim + ", got " + vector.length);
    }
    for (int i = 0; i < vector.length; i++) {
      if (!Float.isFinite(vector[i])) {
        throw new InvalidRowException(
            field,
            "vector field '" + field + "': component " + i + " is " + vector[i]
                + "; vectors must be finite");
      }
    }
    return vector;
  }

  private static long integer(String field, DataType type, Object value, long min, long max) {
    long v;
    if (value instanceof Long || value instanceof Integer || value instanceof Short
        || value instanceof Byte) {
      v = ((Number) value).longValue();
    } else if (value instanceof BigInteger big && big.bitLength() < 64) {
      v = big.longValue();
    } else {
      throw mismatch(field, type, value);
    }
    if (v < min || v > max) {
      throw new InvalidRowException(
          field, "field '" + field + "': value " + v + " is out of range for " + type);
    }
    return v;
  }

  private static InvalidRowException mismatch(String field, DataType type, Object value) {
    return new InvalidRowException(
        field,
        "field '" + field + "' expects " + type + ", got " + value.getClass().getSimpleName()
            + " " + abbreviate(value));
  }

  private static String abbreviate(Object value) {
    String text = value instanceof float[] f ? "float[" + f.length + "]" : String.valueOf(value);
    return text.length() > 40 ? text.substring(0, 40) + "..." : text;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  static int utf8Length(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }
}
