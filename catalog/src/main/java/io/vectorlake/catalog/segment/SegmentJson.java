package io.vectorlake.catalog.segment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vectorlake.catalog.index.BuiltIndex;
import io.vectorlake.catalog.index.IndexFile;
import io.vectorlake.catalog.index.IndexSpec;
import java.util.ArrayList;
import java.util.List;

/** The JSON columns of the segment catalog: file descriptions and built indexes. */
final class SegmentJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SegmentJson() {}

  static String file(IndexFile file) {
    return file == null ? null : fileNode(file).toString();
  }

  static IndexFile file(String json) {
    return json == null ? null : fileFrom(parse(json));
  }

  static String indexes(List<BuiltIndex> indexes) {
    ArrayNode array = JSON.createArrayNode();
    for (BuiltIndex index : indexes) {
      ObjectNode node = array.addObject();
      node.put("field", index.field());
      node.set("spec", parse(index.spec().toJson()));
      node.set("graph", fileNode(index.graph()));
      if (index.pq() != null) {
        node.set("pq", fileNode(index.pq()));
      }
      node.put("pqSubspaces", index.pqSubspaces());
      node.put("buildMillis", index.buildMillis());
      node.put("pqMillis", index.pqMillis());
    }
    return array.toString();
  }

  static List<BuiltIndex> indexes(String json) {
    List<BuiltIndex> out = new ArrayList<>();
    for (JsonNode node : parse(json)) {
      out.add(new BuiltIndex(
          node.get("field").asText(),
          IndexSpec.fromJson(node.get("spec").toString()),
          fileFrom(node.get("graph")),
          node.has("pq") ? fileFrom(node.get("pq")) : null,
          node.get("pqSubspaces").asInt(),
          node.get("buildMillis").asLong(),
          node.get("pqMillis").asLong()));
    }
    return out;
  }

  private static ObjectNode fileNode(IndexFile file) {
    ObjectNode node = JSON.createObjectNode();
    node.put("name", file.name());
    node.put("size", file.size());
    node.put("crc32", file.crc32());
    return node;
  }

  private static IndexFile fileFrom(JsonNode node) {
    return new IndexFile(node.get("name").asText(), node.get("size").asLong(), node.get("crc32").asLong());
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt segment catalog entry: " + json, e);
    }
  }
}
