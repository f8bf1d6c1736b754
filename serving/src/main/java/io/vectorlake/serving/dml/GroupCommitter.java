package io.vectorlake.serving.dml;

import io.vectorlake.catalog.wal.StagedWal;
import io.vectorlake.catalog.wal.WalBatch;
import io.vectorlake.catalog.wal.WalCommit;
import io.vectorlake.catalog.wal.WalWriter;
import io.vectorlake.catalog.warehouse.Collection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for one collection: write requests that arrive while a commit is running queue up
 * and then share the next Iceberg commit. Each request is checked and staged on its own, so a bad
 * one fails alone; the good ones commit together, and each caller's future completes only after
 * that commit landed. At most one drain runs at a time, so ops get increasing offsets in order.
 */
public final class GroupCommitter {
  /** Snapshot summary key: how many requests a group commit carried. */
  public static final String GROUP_SIZE = "vectorlake.serving.group-size";

  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);

  /** One queued request; a null batch is a flush barrier. */
  private record Pending(WalBatch batch, CompletableFuture<Acknowledgement> done) {}

  private final WalWriter writer;
  private final String name;
  private final Executor executor;
  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();

  public GroupCommitter(Collection collection, Executor executor) {
    this.writer = collection.walWriter();
    this.name = collection.id().toString();
    this.executor = executor;
  }

  /** Queues a batch; the future completes when the commit that holds it has landed. */
  public CompletableFuture<Acknowledgement> submit(WalBatch batch) {
    Pending pending = new Pending(batch, new CompletableFuture<>());
    queue.add(pending);
    schedule();
    return pending.done();
  }

  /** Completes once every request queued before this call has been committed or failed. */
  public CompletableFuture<Acknowledgement> flush() {
    return submit(null);
  }

  private void schedule() {
    if (draining.compareAndSet(false, true)) {
      executor.execute(this::drain);
    }
  }

  private void drain() {
    List<Pending> group = new ArrayList<>();
    try {
      for (Pending p; (p = queue.poll()) != null; ) {
        group.add(p);
      }
      if (!group.isEmpty()) {
        commitGroup(group);
      }
    } catch (Throwable e) {
      LOG.error("group commit to {} failed unexpectedly", name, e);
    } finally {
      // Whatever went wrong, no caller of this group waits forever (a no-op for answered ones).
      for (Pending p : group) {
        p.done().completeExceptionally(new IllegalStateException(
            "the group commit to " + name + " failed before answering this request"));
      }
      draining.set(false);
      // A request may have queued after the poll loop ended but before the flag was cleared.
      if (!queue.isEmpty()) {
        schedule();
      }
    }
  }

  private void commitGroup(List<Pending> group) {
    List<Pending> staged = new ArrayList<>();
    List<StagedWal> files = new ArrayList<>();
    List<Pending> barriers = new ArrayList<>();
    long offset = 0;
    for (Pending p : group) {
      if (p.batch() == null) {
        barriers.add(p);
        continue;
      }
      try {
        StagedWal s = writer.stage(p.batch(), offset);
        offset += p.batch().size();
        staged.add(p);
        files.add(s);
      } catch (RuntimeException e) {
        p.done().completeExceptionally(e); // this request alone is bad
      } catch (Error e) {
        // Out of memory staging one (maybe huge) request: fail it, the others may still fit.
        LOG.error("staging a write to {} failed; the request is rejected", name, e);
        p.done().completeExceptionally(new IllegalStateException("staging the write to " + name
            + " failed on the server (" + e + "); nothing of it was written", e));
      }
    }
    long position = -1;
    if (!files.isEmpty()) {
      position = commit(staged, files, offset);
    }
    for (Pending barrier : barriers) {
      barrier.done().complete(new Acknowledgement(position, List.of()));
    }
  }

  /** Commits the staged files and answers their requests; returns the position, -1 on failure. */
  private long commit(List<Pending> staged, List<StagedWal> files, long ops) {
    try {
      WalCommit commit =
          writer.commitStaged(files, Map.of(GROUP_SIZE, Integer.toString(files.size())));
      long position = commit.position();
      for (int i = 0; i < staged.size(); i++) {
        staged.get(i).done().complete(new Acknowledgement(position, files.get(i).primaryKeys()));
      }
      LOG.debug("group commit of {} requests ({} ops) to {} at position {}", files.size(),
          ops, name, position);
      return position;
    } catch (CommitStateUnknownException e) {
      // The commit may have landed and reference the files: keep them (if not, they are unread).
      LOG.warn("group commit to {} has an unknown outcome: {}", name, e.toString());
      staged.forEach(p -> p.done().completeExceptionally(e));
    } catch (RuntimeException e) {
      LOG.warn("group commit to {} failed: {}", name, e.toString());
      writer.abort(files);
      staged.forEach(p -> p.done().completeExceptionally(e));
    } catch (Error e) {
      // Thrown anywhere in the commit, maybe after it landed: keep the files, as for unknown.
      LOG.error("group commit to {} failed; its outcome is unknown", name, e);
      CommitStateUnknownException unknown = new CommitStateUnknownException(e);
      staged.forEach(p -> p.done().completeExceptionally(unknown));
    }
    return -1;
  }
}
