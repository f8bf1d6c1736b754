package io.vectorlake.examples.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Drives a search function from N concurrent clients over a fixed list of queries (each client
 * takes the next query until {@code total} are done) and measures throughput and latency.
 */
final class SearchLoad {
  /** A search: the ids of the k nearest rows. */
  @FunctionalInterface
  interface Search {
    long[] topK(float[] query, int k, int ef) throws Exception;
  }

  /** What one load run measured; {@code results} holds each query's ids, by query index. */
  record Measured(double qps, double p50Millis, double p99Millis, long[][] results) {}

  private SearchLoad() {}

  static Measured run(Search search, List<float[]> queries, int k, int ef, int clients, int total)
      throws Exception {
    long[][] results = new long[queries.size()][];
    double[] latencies = new double[total];
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> running = new ArrayList<>();
      long started = System.nanoTime();
      for (int c = 0; c < clients; c++) {
        running.add(pool.submit(() -> {
          for (int i; (i = next.getAndIncrement()) < total; ) {
            int q = i % queries.size();
            long t = System.nanoTime();
            long[] ids = search.topK(queries.get(q), k, ef);
            latencies[i] = (System.nanoTime() - t) / 1e6;
            results[q] = ids;
          }
          return null;
        }));
      }
      for (Future<?> f : running) {
        f.get();
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      Arrays.sort(latencies);
      return new Measured(total / seconds, latencies[total / 2],
          latencies[Math.min(total - 1, (int) Math.ceil(total * 0.99) - 1)], results);
    } finally {
      pool.shutdown();
    }
  }
}
