package io.vectorlake.catalog.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vectorlake.catalog.schema.InvalidSchemaException;
import io.vectorlake.catalog.schema.MetricType;
import java.util.Locale;
import java.util.Map;

/**
 * How to index one vector field: Milvus' CreateIndex parameters where they map onto jvector
 * ({@code M}, {@code efConstruction}, metric) plus jvector's own ({@code alpha}, {@code
 * neighborOverflow}, PQ subspaces).
 *
 * @param maxDegree jvector's graph degree; Milvus' {@code M} maps to {@code 2 * M}, the degree of
 *     an HNSW graph's base layer
 * @param pqSubspaces PQ subspaces for in-memory approximate scoring, reranked with the full
 *     vectors: {@value #PQ_AUTO} picks dim / 4, {@value #PQ_NONE} searches on full vectors only; a
 *     segment smaller than {@link #MIN_ROWS_FOR_PQ} is never quantized
 */
public record IndexSpec(
    IndexType type,
    MetricType metric,
    int maxDegree,
    int efConstruction,
    float alpha,
    float neighborOverflow,
    int pqSubspaces) implements java.io.Serializable {

  public static final int DEFAULT_M = 16;
  public static final int DEFAULT_EF_CONSTRUCTION = 100;
  public static final float DEFAULT_ALPHA = 1.2f;
  public static final float DEFAULT_NEIGHBOR_OVERFLOW = 1.2f;
  /** PQ's 256 centroids per subspace need a few times that many vectors to train on. */
  public static final int MIN_ROWS_FOR_PQ = 2048;

  /**
   * The search beam width when a search names none: with the default build parameters it gives
   * recall@10 of 0.97 on sift-5k (PQ) and 1.00 on Fashion-MNIST; ef 64 gives 0.93 and 1.00.
   */
  public static final int DEFAULT_SEARCH_EF = 100;

  public static final int PQ_AUTO = 0;
  public static final int PQ_NONE = -1;

  private static final ObjectMapper JSON = new ObjectMapper();

  public IndexSpec {
    require(maxDegree >= 4 && maxDegree <= 512, "M must be in [2, 256], got M=" + maxDegree / 2);
    require(efConstruction >= 8 && efConstruction <= 4096,
        "efConstruction must be in [8, 4096], got " + efConstruction);
    require(alpha >= 1.0f && alpha <= 2.0f, "alpha must be in [1.0, 2.0], got " + alpha);
    require(neighborOverflow >= 1.0f && neighborOverflow <= 2.0f,
        "neighborOverflow must be in [1.0, 2.0], got " + neighborOverflow);
    require(pqSubspaces >= PQ_NONE, "pq_m must be -1 (none), 0 (auto) or positive, got " + pqSubspaces);
  }

  /** The defaults: recall@10 at least 0.95 on the shared sets at {@link #DEFAULT_SEARCH_EF}. */
  public static IndexSpec defaults(MetricType metric) {
    return new IndexSpec(IndexType.AUTOINDEX, metric, 2 * DEFAULT_M, DEFAULT_EF_CONSTRUCTION,
        DEFAULT_ALPHA, DEFAULT_NEIGHBOR_OVERFLOW, PQ_AUTO);
  }

  /**
   * From Milvus CreateIndex parameters: {@code index_type}, {@code metric_type} and params {@code
   * M}, {@code efConstruction}, plus {@code alpha}, {@code neighborOverflow}, {@code pq_m}.
   * Unknown parameters are an error so a typo never goes unnoticed.
   */
  public static IndexSpec fromMilvus(String indexType, MetricType metric, Map<String, String> params) {
    IndexType type = indexType == null || indexType.isBlank() ? IndexType.AUTOINDEX
        : IndexType.parse(indexType);
    int m = DEFAULT_M;
    int ef = DEFAULT_EF_CONSTRUCTION;
    float alpha = DEFAULT_ALPHA;
    float overflow = DEFAULT_NEIGHBOR_OVERFLOW;
    int pq = PQ_AUTO;
    for (Map.Entry<String, String> p : params.entrySet()) {
      String key = p.getKey().toLowerCase(Locale.ROOT);
      String value = p.getValue();
      switch (key) {
        case "m" -> m = integer(key, value);
        case "efconstruction", "ef_construction" -> ef = integer(key, value);
        case "alpha" -> alpha = decimal(key, value);
        case "neighboroverflow", "neighbor_overflow" -> overflow = decimal(key, value);
        case "pq_m", "pqsubspaces" -> pq = integer(key, value);
        // Milvus DISKANN build knobs with no jvector counterpart are accepted and ignored.
        case "search_list", "ef", "max_degree", "search_list_size", "pq_code_budget_gb",
            "build_dram_budget_gb", "metric_type", "index_type" -> {}
        default -> throw new InvalidSchemaException(
            "index parameter '" + p.getKey() + "' is not supported; use M, efConstruction, alpha,"
                + " neighborOverflow or pq_m");
      }
    }
    if (params.containsKey("max_degree")) {
      m = Math.max(2, integer("max_degree", params.get("max_degree")) / 2);
    }
    return new IndexSpec(type, metric, 2 * m, ef, alpha, overflow, pq);
  }

  public String toJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("type", type.name());
    node.put("metric", metric.name());
    node.put("maxDegree", maxDegree);
    node.put("efConstruction", efConstruction);
    node.put("alpha", alpha);
    node.put("neighborOverflow", neighborOverflow);
    node.put("pqSubspaces", pqSubspaces);
    return node.toString();
  }

  public static IndexSpec fromJson(String json) {
    try {
      JsonNode node = JSON.readTree(json);
      return new IndexSpec(
          IndexType.valueOf(node.get("type").asText()),
          MetricType.valueOf(node.get("metric").asText()),
          node.get("maxDegree").asInt(),
          node.get("efConstruction").asInt(),
          (float) node.get("alpha").asDouble(),
          (float) node.get("neighborOverflow").asDouble(),
          node.get("pqSubspaces").asInt());
    } catch (JsonProcessingException | RuntimeException e) {
      throw new IllegalStateException("corrupt index spec: " + json, e);
    }
  }

  /** PQ subspaces to use for a segment of {@code rows} vectors of {@code dim}. */
  public int pqSubspacesFor(int rows, int dim) {
    if (!type.buildsGraph() || rows < MIN_ROWS_FOR_PQ || pqSubspaces == PQ_NONE) {
      return 0;
    }
    return pqSubspaces == PQ_AUTO ? Math.max(1, dim / 4) : Math.min(pqSubspaces, dim);
  }

  private static int integer(String key, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new InvalidSchemaException("index parameter " + key + " must be a whole number, got '" + value + "'");
    }
  }

  private static float decimal(String key, String value) {
    try {
      return Float.parseFloat(value.trim());
    } catch (NumberFormatException e) {
      throw new InvalidSchemaException("index parameter " + key + " must be a number, got '" + value + "'");
    }
  }

  private static void require(boolean rule, String message) {
    if (!rule) {
      throw new InvalidSchemaException("index: " + message);
    }
  }
}
