package io.vectorlake.examples.soak;

import io.vectorlake.catalog.wal.WalOp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every batch the SDK writer sent, with when its call started and ended and how it ended (as
 * Jepsen's history): OK is acknowledged; FAILED is indeterminate, since a node killed mid-call may
 * or may not have committed it, but a batch is one WAL commit, so it is applied whole or not at all.
 */
final class SdkHistory {
  /** The SDK writer's keys start here (the Flink writer's are below). */
  static final long KEY_BASE = 1_000_000_000L;
  /** Row versions of SDK batches start here (Flink op indexes are below). */
  static final long VERSION_BASE = 1_000_000_000_000L;

  enum Status { PENDING, OK, FAILED }

  /** One call: ops of one kind on distinct keys, all with the batch's version. */
  static final class Batch {
    final long id;
    final WalOp kind;
    final List<SoakOp> ops;
    final long start;
    volatile long end = Long.MAX_VALUE;
    volatile Status status = Status.PENDING;

    Batch(long id, WalOp kind, List<SoakOp> ops, long start) {
      this.id = id;
      this.kind = kind;
      this.ops = List.copyOf(ops);
      this.start = start;
    }
  }

  private final List<Batch> batches = new ArrayList<>();
  private final Map<Long, List<Batch>> byKey = new HashMap<>();
  private long nextKey = KEY_BASE;

  synchronized long freshKey() {
    return nextKey++;
  }

  synchronized List<Long> keys() {
    return new ArrayList<>(byKey.keySet());
  }

  /** Records a batch about to be sent; its start time is taken here, before the call. */
  synchronized Batch begin(WalOp kind, List<SoakOp> ops) {
    Batch batch = new Batch(batches.size(), kind, ops, System.nanoTime());
    batches.add(batch);
    for (SoakOp op : ops) {
      byKey.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(batch);
    }
    return batch;
  }

  synchronized void finish(Batch batch, boolean ok) {
    batch.end = System.nanoTime();
    batch.status = ok ? Status.OK : Status.FAILED;
  }

  synchronized List<Batch> batches() {
    return new ArrayList<>(batches);
  }

  synchronized List<Batch> batchesOn(long key) {
    return new ArrayList<>(byKey.getOrDefault(key, List.of()));
  }

  /**
   * What a read that ran from {@code readStart} to {@code readEnd} (System.nanoTime) may see for
   * {@code key}: the state of the last batch acknowledged before the read started (absent if
   * none), or of any later batch whose call started before the read ended (it may have committed
   * in time); one acknowledged before the read supersedes every batch before it, failed or not,
   * because the single writer sends a key's batches one after another.
   */
  synchronized Candidates candidates(long key, long readStart, long readEnd) {
    List<Batch> onKey = byKey.getOrDefault(key, List.of());
    int base = -1;
    for (int i = 0; i < onKey.size(); i++) {
      Batch b = onKey.get(i);
      if (b.status == Status.OK && b.end < readStart) {
        base = i;
      }
    }
    Candidates out = new Candidates();
    out.add(base < 0 ? null : opOn(onKey.get(base), key));
    for (int i = base + 1; i < onKey.size(); i++) {
      if (onKey.get(i).start < readEnd) {
        out.add(opOn(onKey.get(i), key));
      }
    }
    return out;
  }

  static SoakOp opOn(Batch batch, long key) {
    for (SoakOp op : batch.ops) {
      if (op.key() == key) {
        return op;
      }
    }
    throw new IllegalArgumentException("batch " + batch.id + " has no op on key " + key);
  }
}
