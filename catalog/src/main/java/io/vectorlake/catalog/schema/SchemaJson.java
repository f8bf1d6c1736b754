package io.vectorlake.catalog.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The JSON form of a {@link CollectionSchema}: stored in the WAL table's properties, and the
 * format of {@code bin/vectorlake create --schema FILE}. Field ids are not part of it; they come
 * from the Iceberg schema.
 */
public final class SchemaJson {
  /** Bumped when the JSON layout changes incompatibly; readers reject newer versions. */
  public static final int FORMAT_VERSION = 1;

  private static final Set<String> SCHEMA_KEYS =
      Set.of("format", "description", "shards", "enableDynamicField", "fields");
  private static final Set<String> FIELD_KEYS =
      Set.of(
          "name", "type", "primaryKey", "autoId", "maxLength", "dim", "metric", "elementType",
          "maxCapacity", "nullable", "default", "description");

  private SchemaJson() {}

  public static String toJson(CollectionSchema schema) {
    ObjectNode root = ValueConverter.JSON.createObjectNode();
    root.put("format", FORMAT_VERSION);
    root.put("description", schema.description());
    root.put("shards", schema.shards());
    root.put("enableDynamicField", schema.enableDynamicField());
    ArrayNode fields = root.putArray("fields");
    for (FieldSchema field : schema.fields()) {
      ObjectNode node = fields.addObject();
      node.put("name", field.name());
      node.put("type", field.type().name());
      if (field.primaryKey()) {
        node.put("primaryKey", true);
        node.put("autoId", field.autoId());
      }
      if (field.maxLength() > 0) {
        node.put("maxLength", field.maxLength());
      }
      if (field.type().isVector()) {
        node.put("dim", field.dim());
        node.put("metric", field.metric().name());
      }
      if (field.elementType() != null) {
        node.put("elementType", field.elementType().name());
        node.put("maxCapacity", field.maxCapacity());
      }
      if (field.nullable()) {
        node.put("nullable", true);
      }
      if (field.hasDefault()) {
        node.set("default", ValueConverter.JSON.valueToTree(field.defaultValue()));
      }
      if (!field.description().isEmpty()) {
        node.put("description", field.description());
      }
    }
    return root.toString();
  }

  public static CollectionSchema fromJson(String json) {
    JsonNode root;
    try {
      root = ValueConverter.JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidSchemaException("schema is not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidSchemaException("schema must be a JSON object");
    }
    checkKeys("schema", root, SCHEMA_KEYS);
    int format = root.path("format").asInt(FORMAT_VERSION);
    if (format > FORMAT_VERSION) {
      throw new InvalidSchemaException(
          "schema format " + format + " is newer than this Vectorlake reads (" + FORMAT_VERSION
              + "); upgrade Vectorlake");
    }
    JsonNode fieldNodes = root.path("fields");
    if (!fieldNodes.isArray()) {
      throw new InvalidSchemaException("schema needs a 'fields' array");
    }
    List<FieldSchema> fields = new ArrayList<>();
    for (JsonNode node : fieldNodes) {
      fields.add(field(node));
    }
    return new CollectionSchema(
        fields,
        root.path("enableDynamicField").asBoolean(false),
        root.path("shards").asInt(1),
        root.path("description").asText(""));
  }

  private static FieldSchema field(JsonNode node) {
    if (!node.isObject() || !node.path("name").isTextual() || !node.path("type").isTextual()) {
      throw new InvalidSchemaException(
          "each field needs a string 'name' and 'type', got " + node);
    }
    String name = node.get("name").asText();
    checkKeys("field '" + name + "'", node, FIELD_KEYS);
    FieldSchema.Builder builder =
        FieldSchema.builder(name, DataType.parse(node.get("type").asText()))
            .primaryKey(node.path("primaryKey").asBoolean(false))
            .autoId(node.path("autoId").asBoolean(false))
            .maxLength(node.path("maxLength").asInt(0))
            .dim(node.path("dim").asInt(0))
            .maxCapacity(node.path("maxCapacity").asInt(0))
            .nullable(node.path("nullable").asBoolean(false))
            .description(node.path("description").asText(""));
    if (node.hasNonNull("metric")) {
      builder.metric(MetricType.parse(node.get("metric").asText()));
    }
    if (node.hasNonNull("elementType")) {
      builder.elementType(DataType.parse(node.get("elementType").asText()));
    }
    if (node.hasNonNull("default")) {
      builder.defaultValue(ValueConverter.JSON.convertValue(node.get("default"), Object.class));
    }
    return builder.build();
  }

  private static void checkKeys(String where, JsonNode node, Set<String> allowed) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String key = names.next();
      if (!allowed.contains(key)) {
        throw new InvalidSchemaException(
            where + ": unknown key '" + key + "'; allowed keys are " + allowed);
      }
    }
  }
}
