package io.vectorlake.examples.bench;

import java.util.Arrays;

/** Latencies recorded in one window of the bench, summarized as percentiles. Thread-safe. */
final class LatencyWindow {
  private double[] millis = new double[1024];
  private int count;

  synchronized void add(long nanos) {
    if (count == millis.length) {
      millis = Arrays.copyOf(millis, count * 2);
    }
    millis[count++] = nanos / 1e6;
  }

  synchronized int count() {
    return count;
  }

  /** The {@code p}-th percentile (0 < p <= 100) in milliseconds, NaN when nothing was recorded. */
  synchronized double percentile(double p) {
    if (count == 0) {
      return Double.NaN;
    }
    double[] sorted = Arrays.copyOf(millis, count);
    Arrays.sort(sorted);
    return sorted[Math.min(count - 1, Math.max(0, (int) Math.ceil(count * p / 100) - 1))];
  }
}
