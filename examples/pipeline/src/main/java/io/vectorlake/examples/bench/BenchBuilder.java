package io.vectorlake.examples.bench;

import io.vectorlake.catalog.maintenance.Maintenance;
import io.vectorlake.catalog.segment.CommitConflictException;
import io.vectorlake.catalog.segment.SealPlan;
import io.vectorlake.catalog.warehouse.Collection;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/**
 * The index builder of {@link MetadataBench}: a thread that seals the WAL each time the writer has
 * made {@code every} more commits, as a scheduled or continuous build would, so that from the
 * first window on the collection carries the segment catalog commits of a live one.
 */
final class BenchBuilder implements AutoCloseable {
  private final Collection collection;
  private final int every;
  private final PrintStream log;
  private final Thread thread;
  private long commits; // guarded by this
  private long builtAt; // guarded by this
  private boolean closed; // guarded by this
  private volatile Throwable failure;
  private int builds;

  BenchBuilder(Collection collection, int every, PrintStream log) {
    this.collection = collection;
    this.every = every;
    this.log = log;
    this.thread = new Thread(this::run, "bench-builder");
    thread.setDaemon(true);
    if (every > 0) {
      thread.start();
    }
  }

  /** The writer made one more commit. */
  synchronized void committed() {
    commits++;
    if (commits - builtAt >= every) {
      notifyAll();
    }
    if (failure != null) {
      throw new IllegalStateException("the bench's builder failed", failure);
    }
  }

  /** Seals what the WAL holds now in the caller's thread, then what `build` runs after it. */
  void sealNow() throws IOException {
    SealPlan.of(collection).runLocally(collection, 100_000, 1);
    Maintenance.afterBuild(collection);
  }

  private void run() {
    try {
      while (true) {
        synchronized (this) {
          while (!closed && (every == 0 || commits - builtAt < every)) {
            wait(TimeUnit.SECONDS.toMillis(1));
          }
          if (closed) {
            return;
          }
          builtAt = commits;
        }
        try {
          sealNow();
          builds++;
        } catch (CommitConflictException e) {
          log.println("      build lost a race with maintenance; the next one seals: " + e.getMessage());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      failure = new UncheckedIOException(e);
    } catch (RuntimeException e) {
      failure = e;
    }
  }

  @Override
  public void close() throws InterruptedException {
    synchronized (this) {
      closed = true;
      notifyAll();
    }
    thread.join(TimeUnit.MINUTES.toMillis(5));
    if (every > 0) {
      log.printf("builder: %d builds%n", builds);
    }
  }
}
