package io.vectorlake.serving.dml;

import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** One {@link GroupCommitter} per collection written through this server, on a shared pool. */
public final class GroupCommitters implements AutoCloseable {
  private final Warehouse warehouse;
  private final ConcurrentMap<CollectionId, GroupCommitter> committers = new ConcurrentHashMap<>();
  private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "vectorlake-group-commit");
    thread.setDaemon(true);
    return thread;
  });

  public GroupCommitters(Warehouse warehouse) {
    this.warehouse = warehouse;
  }

  public GroupCommitter of(CollectionId id) {
    return committers.computeIfAbsent(id,
        key -> new GroupCommitter(warehouse.loadCollection(key), executor));
  }

  public void forget(CollectionId id) {
    committers.remove(id);
  }

  /** Completes when every write queued so far, in every collection, is committed or failed. */
  public CompletableFuture<Void> flushAll() {
    return CompletableFuture.allOf(committers.values().stream()
        .map(GroupCommitter::flush).toArray(CompletableFuture[]::new));
  }

  /** Lets queued writes finish (their callers are waiting), then stops the commit threads. */
  @Override
  public void close() {
    try {
      flushAll().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Shutting down anyway; writes not yet committed were never acknowledged.
    }
    executor.shutdown();
  }
}
