package io.vectorlake.serving.search;

import io.vectorlake.catalog.schema.MetricType;

/**
 * Milvus' score values per metric: L2 answers the squared Euclidean distance (smaller is closer,
 * as Milvus/Knowhere report it, without the square root), IP the inner product and COSINE the
 * cosine similarity (larger is closer). Internally every score is ranked "higher is better".
 */
public final class ScoreConvention {
  private ScoreConvention() {}

  public static float toRanked(MetricType metric, float score) {
    return metric.largerIsCloser() ? score : -score;
  }

  public static float fromRanked(MetricType metric, float ranked) {
    return metric.largerIsCloser() ? ranked : -ranked;
  }
}
