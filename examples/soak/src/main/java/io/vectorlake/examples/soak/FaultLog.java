package io.vectorlake.examples.soak;

import java.util.ArrayList;
import java.util.List;

/**
 * When serving nodes were down: a call that failed is explained only if it overlapped such a
 * window (a node's own clients fail, and so do the other node's, which fans out to it). A window
 * runs from just before the kill until a settle time after the node listens again.
 */
final class FaultLog {
  private static final long SETTLE_NANOS = 5_000_000_000L;

  private final List<long[]> windows = new ArrayList<>();

  synchronized long[] open() {
    long[] window = {System.nanoTime(), Long.MAX_VALUE};
    windows.add(window);
    return window;
  }

  synchronized void close(long[] window) {
    window[1] = System.nanoTime() + SETTLE_NANOS;
  }

  synchronized boolean explains(long callStart, long callEnd) {
    for (long[] w : windows) {
      if (callStart <= w[1] && callEnd >= w[0]) {
        return true;
      }
    }
    return false;
  }
}
