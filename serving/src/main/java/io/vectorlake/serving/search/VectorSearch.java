package io.vectorlake.serving.search;

import io.vectorlake.catalog.schema.MetricType;

/**
 * One checked vector search: query vectors against one vector field with a metric, keeping the
 * best {@code k} candidates per query ({@code k} = top-k plus offset).
 */
public record VectorSearch(String field, MetricType metric, float[][] queries, int k) {
  public int nq() {
    return queries.length;
  }
}
