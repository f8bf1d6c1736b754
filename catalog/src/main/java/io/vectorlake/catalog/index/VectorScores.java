package io.vectorlake.catalog.index;

import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.vectorlake.catalog.schema.MetricType;

/**
 * Scores in Milvus' conventions: L2 is the squared Euclidean distance (smaller is closer), IP the
 * inner product and COSINE the cosine similarity (larger is closer).
 */
public final class VectorScores {
  private VectorScores() {}

  public static VectorSimilarityFunction jvectorFunction(MetricType metric) {
    return switch (metric) {
      case L2 -> VectorSimilarityFunction.EUCLIDEAN;
      case IP -> VectorSimilarityFunction.DOT_PRODUCT;
      case COSINE -> VectorSimilarityFunction.COSINE;
    };
  }

  /** The Milvus score of vector {@code packed[offset .. offset + query.length)} for the query. */
  public static float score(MetricType metric, float[] query, float[] packed, int offset) {
    int dim = query.length;
    switch (metric) {
      case L2 -> {
        float sum = 0;
        for (int i = 0; i < dim; i++) {
          float d = query[i] - packed[offset + i];
          sum += d * d;
        }
        return sum;
      }
      case IP -> {
        float dot = 0;
        for (int i = 0; i < dim; i++) {
          dot += query[i] * packed[offset + i];
        }
        return dot;
      }
      default -> {
        float dot = 0;
        float qq = 0;
        float vv = 0;
        for (int i = 0; i < dim; i++) {
          float v = packed[offset + i];
          dot += query[i] * v;
          qq += query[i] * query[i];
          vv += v * v;
        }
        return qq == 0 || vv == 0 ? 0 : (float) (dot / Math.sqrt((double) qq * vv));
      }
    }
  }

  public static float score(MetricType metric, float[] query, float[] vector) {
    return score(metric, query, vector, 0);
  }

  /** Whether score {@code a} is closer than score {@code b} under the metric. */
  public static boolean isBetter(MetricType metric, float a, float b) {
    return metric.largerIsCloser() ? a > b : a < b;
  }
}
