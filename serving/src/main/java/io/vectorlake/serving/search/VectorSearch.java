package io.vectorlake.serving.search;

import io.vectorlake.catalog.schema.MetricType;

/**
 * One checked vector search: query vectors against one vector field with a metric, keeping the
 * best {@code k} candidates per query ({@code k} = top-k plus offset); {@code ef} is the graph
 * search beam width of indexed segments (Milvus' {@code ef} or {@code search_list}), 0 for the
 * default.
 */
public record VectorSearch(String field, MetricType metric, float[][] queries, int k, int ef) {
  public VectorSearch(String field, MetricType metric, float[][] queries, int k) {
    this(field, metric, queries, k, 0);
  }

  public int nq() {
    return queries.length;
  }
}
