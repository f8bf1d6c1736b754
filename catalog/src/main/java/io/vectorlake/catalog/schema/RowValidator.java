package io.vectorlake.catalog.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks rows that producers send against a collection schema and returns them canonical: types
 * converted, defaults filled in, undeclared keys moved into the dynamic field. Every message names
 * the field, the rule and the row's primary key when there is one.
 */
public final class RowValidator {
  private final CollectionSchema schema;
  private final FieldSchema primaryKey;

  public RowValidator(CollectionSchema schema) {
    this.schema = schema;
    this.primaryKey = schema.primaryKey();
  }

  public CollectionSchema schema() {
    return schema;
  }

  /**
   * A full row for an insert or upsert. With {@code keyGenerated} (an auto-id insert) the input
   * must not carry the primary key and the returned row lacks it until the writer assigns one.
   */
  public Row validate(Map<String, ?> input, boolean keyGenerated) {
    Object rawKey = input.get(primaryKey.name());
    Object key = null;
    if (keyGenerated) {
      if (rawKey != null) {
        throw new InvalidRowException(
            primaryKey.name(),
            "primary key '" + primaryKey.name() + "' is generated (autoId); leave it out of"
                + " inserted rows, got " + rawKey);
      }
    } else {
      key = primaryKey(rawKey);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (FieldSchema field : schema.fields()) {
      if (field.primaryKey()) {
        if (key != null) {
          out.put(field.name(), key);
        }
        continue;
      }
      Object value = input.get(field.name());
      if (value == null) {
        if (field.hasDefault()) {
          out.put(field.name(), field.defaultValue());
        } else if (!field.nullable()) {
          throw rowError(field.name(), key, "required field '" + field.name() + "' is missing");
        }
        continue;
      }
      try {
        out.put(field.name(), ValueConverter.convert(field, value));
      } catch (InvalidRowException e) {
        throw withKey(e, key);
      }
    }
    String dynamic = dynamicField(input, key);
    if (dynamic != null) {
      out.put(CollectionSchema.DYNAMIC_FIELD, dynamic);
    }
    return Row.ofCanonical(out);
  }

  /** The canonical primary key (Long or String) of a raw key value, for deletes and lookups. */
  public Object primaryKey(Object rawKey) {
    if (rawKey == null) {
      throw new InvalidRowException(
          primaryKey.name(), "primary key '" + primaryKey.name() + "' is missing");
    }
    return ValueConverter.convert(primaryKey, rawKey);
  }

  private String dynamicField(Map<String, ?> input, Object key) {
    ObjectNode extra = null;
    for (Map.Entry<String, ?> entry : input.entrySet()) {
      String name = entry.getKey();
      if (entry.getValue() == null || schema.field(name).isPresent()) {
        continue;
      }
      if (!schema.enableDynamicField()) {
        throw rowError(
            name,
            key,
            "unknown field '" + name + "'; the collection declares "
                + schema.fields().stream().map(FieldSchema::name).toList()
                + " and has no dynamic field");
      }
      if (extra == null) {
        extra = ValueConverter.JSON.createObjectNode();
      }
      if (name.equals(CollectionSchema.DYNAMIC_FIELD)) {
        JsonNode given = parse(ValueConverter.json(name, entry.getValue()));
        if (!given.isObject()) {
          throw rowError(name, key, "the dynamic field '$meta' must be a JSON object");
        }
        extra.setAll((ObjectNode) given);
      } else {
        // A dynamic key's value is a value, not JSON text: "red" stays the string "red".
        extra.set(name, toTree(name, entry.getValue(), key));
      }
    }
    return extra == null ? null : ValueConverter.json(CollectionSchema.DYNAMIC_FIELD, extra.toString());
  }

  private JsonNode toTree(String name, Object value, Object key) {
    try {
      return ValueConverter.JSON.valueToTree(value instanceof float[] f ? floats(f) : value);
    } catch (IllegalArgumentException e) {
      throw rowError(name, key, "dynamic field '" + name + "' holds a value JSON cannot represent: "
          + value.getClass().getSimpleName());
    }
  }

  private static double[] floats(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  private static JsonNode parse(String json) {
    try {
      return ValueConverter.JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("canonical JSON did not parse", e);
    }
  }

  private InvalidRowException rowError(String field, Object key, String message) {
    return new InvalidRowException(field, key == null ? message : message + " (row with "
        + primaryKey.name() + "=" + key + ")");
  }

  private InvalidRowException withKey(InvalidRowException e, Object key) {
    return key == null ? e : rowError(e.field(), key, e.getMessage());
  }
}
