package io.vectorlake.serving.load;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A snapshot held by one request: its segments stay open until the lease is closed, however many
 * reloads replace them meanwhile.
 */
public final class SnapshotLease implements AutoCloseable {
  private final CollectionSnapshot snapshot;
  private final AtomicBoolean closed = new AtomicBoolean();

  SnapshotLease(CollectionSnapshot snapshot) {
    this.snapshot = snapshot;
  }

  public CollectionSnapshot snapshot() {
    return snapshot;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      snapshot.release();
    }
  }
}
