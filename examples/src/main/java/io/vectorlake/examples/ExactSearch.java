package io.vectorlake.examples;

import io.vectorlake.catalog.view.ResolvedRow;
import java.util.List;
import java.util.PriorityQueue;

/** Brute-force L2 top-k over resolved rows: the reference a real index is measured against. */
final class ExactSearch {
  private ExactSearch() {}

  /** The ids of the k rows nearest to {@code query}, nearest first (ties: lower id first). */
  static long[] topK(List<ResolvedRow> rows, String vectorField, float[] query, int k) {
    record Hit(long id, double distance) {}
    PriorityQueue<Hit> worstFirst =
        new PriorityQueue<>(
            (a, b) -> a.distance != b.distance ? Double.compare(b.distance, a.distance)
                : Long.compare(b.id, a.id));
    for (ResolvedRow row : rows) {
      float[] v = row.row().vector(vectorField);
      double d = 0;
      for (int i = 0; i < v.length; i++) {
        double diff = v[i] - query[i];
        d += diff * diff;
      }
      worstFirst.add(new Hit((Long) row.primaryKey(), d));
      if (worstFirst.size() > k) {
        worstFirst.poll();
      }
    }
    long[] ids = new long[worstFirst.size()];
    for (int i = ids.length - 1; i >= 0; i--) {
      ids[i] = worstFirst.poll().id();
    }
    return ids;
  }
}
