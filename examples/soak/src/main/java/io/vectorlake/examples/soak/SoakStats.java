package io.vectorlake.examples.soak;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The run's counters, latencies and the first mismatches, printed as one table at the end. */
final class SoakStats {
  private static final int KEPT_MISMATCHES = 20;

  private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
  private final List<Double> searchMillis = Collections.synchronizedList(new ArrayList<>());
  private final List<Double> commitMillis = Collections.synchronizedList(new ArrayList<>());
  private final List<String> mismatches = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong mismatchCount = new AtomicLong();

  void count(String name) {
    add(name, 1);
  }

  void add(String name, long n) {
    counters.computeIfAbsent(name, k -> new AtomicLong()).addAndGet(n);
  }

  long get(String name) {
    AtomicLong c = counters.get(name);
    return c == null ? 0 : c.get();
  }

  /** The sum of the counters whose name starts with {@code prefix} (e.g. every kind of fault). */
  long total(String prefix) {
    return counters.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
        .mapToLong(e -> e.getValue().get()).sum();
  }

  void search(long nanos) {
    searchMillis.add(nanos / 1e6);
  }

  void commit(long nanos) {
    commitMillis.add(nanos / 1e6);
  }

  /** A check that failed: counted, and the first ones kept verbatim for the report. */
  void mismatch(String check, String detail) {
    mismatchCount.incrementAndGet();
    add("mismatches: " + check, 1);
    if (mismatches.size() < KEPT_MISMATCHES) {
      mismatches.add(check + ": " + detail);
    }
    if (mismatchCount.get() <= KEPT_MISMATCHES) {
      System.out.println("MISMATCH " + check + ": " + detail);
    }
  }

  long mismatches() {
    return mismatchCount.get();
  }

  void print(PrintStream out, String title) {
    out.println();
    out.println("| " + title + " | |");
    out.println("|---|---:|");
    for (Map.Entry<String, AtomicLong> e : new TreeMap<>(counters).entrySet()) {
      out.printf("| %s | %,d |%n", e.getKey(), e.getValue().get());
    }
    out.printf("| search latency p50 / p99 (ms) | %s |%n", percentiles(searchMillis));
    out.printf("| SDK write commit latency p50 / p99 (ms) | %s |%n", percentiles(commitMillis));
    out.printf("| **mismatches** | **%,d** |%n", mismatches());
    if (!mismatches.isEmpty()) {
      out.println();
      out.println("First mismatches:");
      synchronized (mismatches) {
        mismatches.forEach(m -> out.println("  " + m));
      }
    }
  }

  private static String percentiles(List<Double> values) {
    List<Double> sorted;
    synchronized (values) {
      sorted = new ArrayList<>(values);
    }
    if (sorted.isEmpty()) {
      return "-";
    }
    Collections.sort(sorted);
    return String.format("%.1f / %.1f", sorted.get(sorted.size() / 2),
        sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1));
  }
}
