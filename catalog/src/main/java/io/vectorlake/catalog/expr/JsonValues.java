package io.vectorlake.catalog.expr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/** Reading JSON documents and comparing their values with expression constants by JSON type. */
final class JsonValues {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonValues() {}

  static JsonNode parse(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "stored JSON value is not valid JSON: " + e.getOriginalMessage());
    }
  }

  /** The value at {@code path} (String keys, Long indexes); null when missing or JSON null. */
  static JsonNode at(JsonNode root, List<Object> path) {
    JsonNode node = root;
    for (int i = 0; i < path.size() && node != null; i++) {
      Object step = path.get(i);
      if (step instanceof String key) {
        node = node.isObject() ? node.get(key) : null;
      } else {
        long index = (Long) step;
        if (node.isArray()) {
          node = index < node.size() ? node.get((int) index) : null;
        } else {
          // Milvus addresses JSON with JSON pointers, where "/0" is also the object key "0".
          node = node.isObject() ? node.get(Long.toString(index)) : null;
        }
      }
    }
    return node == null || node.isNull() || node.isMissingNode() ? null : node;
  }

  /** Whether a JSON value equals a constant (Long, Double, String, Boolean, List) by JSON type. */
  static boolean equalsConstant(JsonNode node, Object constant) {
    if (node == null) {
      return false;
    }
    if (constant instanceof Long l) {
      if (node.isIntegralNumber() && node.canConvertToLong()) {
        return node.longValue() == l;
      }
      return node.isNumber() && node.doubleValue() == l.doubleValue();
    }
    if (constant instanceof Double d) {
      return node.isNumber() && node.doubleValue() == d;
    }
    if (constant instanceof String s) {
      return node.isTextual() && node.textValue().equals(s);
    }
    if (constant instanceof Boolean b) {
      return node.isBoolean() && node.booleanValue() == b;
    }
    if (constant instanceof List<?> list) {
      if (!node.isArray() || node.size() != list.size()) {
        return false;
      }
      for (int i = 0; i < list.size(); i++) {
        if (!equalsConstant(node.get(i), list.get(i))) {
          return false;
        }
      }
      return true;
    }
    return false;
  }
}
