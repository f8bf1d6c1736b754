package io.vectorlake.serving.load;

import io.vectorlake.catalog.view.LatestRowResolver;
import io.vectorlake.catalog.wal.WalRecord;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.PartitionSet;
import io.vectorlake.serving.collection.IndexSpec;
import io.vectorlake.serving.collection.IndexSpecs;
import io.vectorlake.serving.search.GrowingRows;
import io.vectorlake.serving.search.GrowingSegment;
import io.vectorlake.serving.search.SegmentSearcher;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A collection held in memory for search and query. Refreshing reads only the WAL range written
 * since the last refresh, folds it into the resolver, hands the keys it touched to the growing
 * rows (which append and repack incrementally), and swaps in a new immutable snapshot; refreshes
 * are serialized, readers take {@link #snapshot()} without locking.
 */
public final class LoadedCollection {
  private static final Logger LOG = LoggerFactory.getLogger(LoadedCollection.class);

  private final Collection collection;
  private final LatestRowResolver resolver = new LatestRowResolver(); // guarded by this
  private GrowingRows growing; // guarded by this
  private final AtomicReference<CollectionSnapshot> current = new AtomicReference<>();

  LoadedCollection(Collection collection) {
    this.collection = collection;
    refresh();
  }

  public Collection collection() {
    return collection;
  }

  /** The snapshot answered from now, with no I/O. */
  public CollectionSnapshot snapshot() {
    return current.get();
  }

  /** Refreshes to the newest committed WAL position (Strong consistency). */
  public synchronized CollectionSnapshot refresh() {
    long started = System.nanoTime();
    CollectionSnapshot before = current.get();
    long position = collection.walPosition();
    PartitionSet partitions = collection.partitions();
    Map<String, IndexSpec> indexes = IndexSpecs.of(collection.walTable());
    if (before != null && before.position() == position && before.partitions().equals(partitions)
        && before.indexes().equals(indexes)) {
      CollectionSnapshot same = before.confirmedAt(started);
      current.set(same);
      return same;
    }
    long from = before == null ? 0 : before.position();
    if (growing == null) {
      growing = new GrowingRows(collection.schema(), partitions);
    }
    // Partitions first: a new op's row is kept only if its partition is live now.
    growing.partitions(partitions);
    int ops = 0;
    if (position > from) {
      List<WalRecord> tail = collection.walReader().read(from, position);
      resolver.applyAll(tail);
      ops = tail.size();
      // Only keys the new ops touched can have changed; take each one's resolved row once.
      Set<Object> touched = new LinkedHashSet<>();
      for (WalRecord op : tail) {
        touched.add(op.primaryKey());
      }
      for (Object key : touched) {
        growing.update(key, resolver.rows().get(key));
      }
    }
    GrowingSegment rows = growing.snapshot();
    // Segments would come first here, the growing rows after their watermark last.
    List<SegmentSearcher> segments = List.of(rows);
    CollectionSnapshot next = new CollectionSnapshot(
        position, 0, collection.schema(), partitions, indexes, segments, started);
    current.set(next);
    LOG.debug("refreshed {} to WAL position {} ({} new ops, {} rows) in {} ms", collection.id(),
        position, ops, rows.liveCount(), (System.nanoTime() - started) / 1_000_000);
    return next;
  }

  /** Refreshes when the snapshot is older than {@code staleness} (Bounded consistency). */
  public CollectionSnapshot refreshIfOlderThan(Duration staleness) {
    CollectionSnapshot snapshot = current.get();
    if (System.nanoTime() - snapshot.loadedAtNanos() > staleness.toNanos()) {
      return refresh();
    }
    return snapshot;
  }

  /** Refreshes when the snapshot is behind {@code position} (Session consistency). */
  public CollectionSnapshot refreshTo(long position) {
    CollectionSnapshot snapshot = current.get();
    return snapshot.position() >= position ? snapshot : refresh();
  }
}
