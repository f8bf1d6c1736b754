package io.vectorlake.serving.search;

/**
 * The exact distance loops over packed vectors ({@code dim} floats per row, rows back to back).
 * Each loop keeps four independent accumulators so the JIT can pipeline (and on JDKs that
 * vectorize reductions, use SIMD) instead of waiting on one serial sum.
 */
public final class VectorKernels {
  private VectorKernels() {}

  /** Squared Euclidean distance between {@code q} and the row at {@code offset} of {@code data}. */
  public static float l2Squared(float[] q, float[] data, int offset) {
    int dim = q.length;
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int i = 0;
    for (; i + 3 < dim; i += 4) {
      float d0 = q[i] - data[offset + i];
      float d1 = q[i + 1] - data[offset + i + 1];
      float d2 = q[i + 2] - data[offset + i + 2];
      float d3 = q[i + 3] - data[offset + i + 3];
      s0 += d0 * d0;
      s1 += d1 * d1;
      s2 += d2 * d2;
      s3 += d3 * d3;
    }
    for (; i < dim; i++) {
      float d = q[i] - data[offset + i];
      s0 += d * d;
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** Inner product of {@code q} and the row at {@code offset} of {@code data}. */
  public static float dot(float[] q, float[] data, int offset) {
    int dim = q.length;
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int i = 0;
    for (; i + 3 < dim; i += 4) {
      s0 += q[i] * data[offset + i];
      s1 += q[i + 1] * data[offset + i + 1];
      s2 += q[i + 2] * data[offset + i + 2];
      s3 += q[i + 3] * data[offset + i + 3];
    }
    for (; i < dim; i++) {
      s0 += q[i] * data[offset + i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** Euclidean norm of one vector. */
  public static float norm(float[] v, int offset, int dim) {
    double sum = 0;
    for (int i = 0; i < dim; i++) {
      float x = v[offset + i];
      sum += x * x;
    }
    return (float) Math.sqrt(sum);
  }
}
