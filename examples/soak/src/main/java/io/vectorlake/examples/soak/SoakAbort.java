package io.vectorlake.examples.soak;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The first failure that ends a soak run at once (a child that failed by itself, a harness thread
 * that threw): every loop of the run polls it, and its cause goes into the report as a mismatch,
 * so the run exits non-zero saying why.
 */
final class SoakAbort {
  private final SoakStats stats;
  private final AtomicReference<String> cause = new AtomicReference<>();

  SoakAbort(SoakStats stats) {
    this.stats = stats;
  }

  /** Records the failure; the first one ends the run, later ones are reported as well. */
  void abort(String what, String detail) {
    if (cause.compareAndSet(null, what + ": " + detail)) {
      System.out.println("soak: aborting the run: " + what + ": " + detail);
    }
    stats.mismatch("soak aborted: " + what, detail);
  }

  boolean aborted() {
    return cause.get() != null;
  }

  /** The first failure, or null. */
  String cause() {
    return cause.get();
  }
}
