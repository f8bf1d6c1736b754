package io.vectorlake.serving.collection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vectorlake.catalog.schema.MetricType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The index a client asked for on one field (CreateIndex): what the segment index builder will
 * build. {@code metric} is null for scalar fields; {@code params} are the index-type options
 * (e.g. HNSW's {@code M}, {@code efConstruction}).
 */
public record IndexSpec(
    String indexName, String fieldName, String indexType, MetricType metric,
    Map<String, String> params) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public IndexSpec {
    params = Map.copyOf(params);
  }

  public String toJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("indexName", indexName);
    node.put("fieldName", fieldName);
    node.put("indexType", indexType);
    if (metric != null) {
      node.put("metricType", metric.name());
    }
    ObjectNode p = node.putObject("params");
    params.forEach(p::put);
    return node.toString();
  }

  public static IndexSpec fromJson(String json) {
    try {
      ObjectNode node = (ObjectNode) JSON.readTree(json);
      Map<String, String> params = new LinkedHashMap<>();
      node.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
      return new IndexSpec(
          node.path("indexName").asText(),
          node.path("fieldName").asText(),
          node.path("indexType").asText(),
          node.hasNonNull("metricType") ? MetricType.parse(node.get("metricType").asText()) : null,
          params);
    } catch (JsonProcessingException | ClassCastException e) {
      throw new IllegalStateException("corrupt index spec in table properties: " + json, e);
    }
  }

  /** The params as the JSON object Milvus puts under the {@code params} key. */
  public String paramsJson() {
    ObjectNode p = JSON.createObjectNode();
    params.forEach(p::put);
    return p.toString();
  }
}
