package io.vectorlake.serving.load;

import io.vectorlake.catalog.segment.SegmentMetadata;
import io.vectorlake.catalog.segment.SegmentReader;
import io.vectorlake.catalog.segment.SegmentSet;
import io.vectorlake.catalog.segment.TombstoneCache;
import io.vectorlake.catalog.view.LatestRowResolver;
import io.vectorlake.catalog.view.ReadPlan;
import io.vectorlake.catalog.view.ResolvedRow;
import io.vectorlake.catalog.wal.WalOp;
import io.vectorlake.catalog.wal.WalRecord;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.PartitionSet;
import io.vectorlake.serving.collection.IndexSpec;
import io.vectorlake.serving.collection.IndexSpecs;
import io.vectorlake.serving.rpc.ErrorKind;
import io.vectorlake.serving.rpc.ServingException;
import io.vectorlake.serving.search.GrowingRows;
import io.vectorlake.serving.search.GrowingSegment;
import io.vectorlake.serving.search.SealedSegment;
import io.vectorlake.serving.search.SegmentSearcher;
import io.vectorlake.serving.search.TopK;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A collection held in memory for search and query: its sealed segments (memory-mapped indexes,
 * from the segment catalog version at the loaded WAL position) and the growing rows resolved from
 * the WAL after the segments' watermark. A refresh reads only the WAL range written since the last
 * one, folds it into the resolver, hands the keys it touched to the growing rows and kills their
 * older segment rows, and swaps in a new immutable snapshot; when the segment catalog changed (a
 * build or compaction), it loads the new segment set through a {@link ReadPlan} instead. Refreshes
 * are serialized; readers take {@link #snapshot()} without locking, and {@link #lease} it for as
 * long as they use its segments: a replaced segment is closed when its last reader is done.
 */
public final class LoadedCollection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LoadedCollection.class);

  private final Collection collection;
  private final Path indexCache;
  private final Set<Integer> shards; // null: all
  private final TombstoneCache tombstones = new TombstoneCache();
  private LatestRowResolver resolver = new LatestRowResolver(); // guarded by this
  private GrowingRows growing; // guarded by this
  private SegmentSet segmentSet; // guarded by this
  private List<SealedSegment> sealed = List.of(); // guarded by this
  // guarded by this: the segments a reload replaced, released once the new snapshot is current
  private List<SealedSegment> replaced = List.of();
  private boolean closed; // guarded by this
  private final AtomicReference<CollectionSnapshot> current = new AtomicReference<>();
  private final LongAdder refreshes = new LongAdder();
  // Strong reads wait here for a refresh that began after they asked (see refresh())
  private final Object refreshGate = new Object();
  private boolean refreshing; // guarded by refreshGate
  private final LongAdder sharedRefreshes = new LongAdder();

  LoadedCollection(Collection collection, Path indexCache, Set<Integer> shards) {
    this.collection = collection;
    this.indexCache = indexCache;
    this.shards = shards;
    refreshNow();
  }

  public Collection collection() {
    return collection;
  }

  /** The snapshot answered from now, with no I/O. */
  public CollectionSnapshot snapshot() {
    return current.get();
  }

  /**
   * Holds {@code wanted} (or, when a reload closed its segments meanwhile, the newer current
   * snapshot) until the lease is closed.
   */
  public SnapshotLease lease(CollectionSnapshot wanted) {
    CollectionSnapshot snapshot = wanted;
    while (!snapshot.retain()) {
      CollectionSnapshot now = current.get();
      if (now == snapshot) {
        throw new ServingException(ErrorKind.COLLECTION_NOT_LOADED, "collection '"
            + collection.id().name() + "' was released while the request ran; load it again");
      }
      snapshot = now;
    }
    return new SnapshotLease(snapshot);
  }

  /**
   * Refreshes to the newest committed WAL position (Strong consistency): the snapshot returned
   * was read after this call began, so it holds every write acknowledged before. Concurrent
   * callers share refreshes, as writes share a group commit: a caller that waited while another
   * refreshed takes that snapshot when its refresh began after this call did, instead of reading
   * the warehouse once more; N concurrent Strong reads cost about two refreshes, not N.
   */
  public CollectionSnapshot refresh() {
    long asked = System.nanoTime();
    synchronized (refreshGate) {
      while (true) {
        CollectionSnapshot now = current.get();
        if (now != null && now.loadedAtNanos() - asked > 0) {
          sharedRefreshes.increment();
          return now;
        }
        if (!refreshing) {
          break;
        }
        try {
          refreshGate.wait(); // the running refresh may have begun before this call: see after it
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return refreshNow(); // no waiting, then: refresh on this thread
        }
      }
      refreshing = true;
    }
    try {
      return refreshNow();
    } finally {
      synchronized (refreshGate) {
        refreshing = false;
        refreshGate.notifyAll();
      }
    }
  }

  /** How many refreshes read the warehouse, and how many callers took another's instead. */
  public RefreshCounts refreshCounts() {
    return new RefreshCounts(refreshes.sum(), sharedRefreshes.sum());
  }

  /** Refresh counts since the collection was loaded. */
  public record RefreshCounts(long read, long shared) {}

  private synchronized CollectionSnapshot refreshNow() {
    refreshes.increment();
    long started = System.nanoTime();
    CollectionSnapshot before = current.get();
    if (closed) {
      return before;
    }
    long position = collection.walPosition();
    PartitionSet partitions = collection.partitions();
    Map<String, IndexSpec> indexes = IndexSpecs.of(collection.walTable());
    // One metadata refresh tells whether a build or compaction committed; only then reload.
    boolean segmentsChanged =
        segmentSet == null || collection.segmentCatalogVersion() != segmentSet.snapshotId();
    if (before != null && !segmentsChanged && before.position() == position
        && before.partitions().equals(partitions) && before.indexes().equals(indexes)) {
      CollectionSnapshot same = before.confirmedAt(started);
      current.set(same);
      return same;
    }
    boolean partitionsChanged = before != null && !before.partitions().equals(partitions);
    int ops;
    if (segmentsChanged || (partitionsChanged && !sealed.isEmpty())) {
      ops = reload(position, partitions);
    } else {
      ops = fold(before == null ? segmentSet.watermark() : before.position(), position, partitions);
    }
    GrowingSegment rows = growing.snapshot();
    List<SegmentSearcher> searchers = new ArrayList<>(sealed);
    searchers.add(rows);
    CollectionSnapshot next = new CollectionSnapshot(position, segmentSet.watermark(),
        collection.schema(), partitions, indexes, searchers, started);
    current.set(next);
    // Only now: a reader that takes the current snapshot from here on never sees these.
    closeAll(replaced);
    replaced = List.of();
    LOG.debug("refreshed {} to WAL position {} ({} segments, {} new ops, {} growing rows) in {} ms",
        collection.id(), position, sealed.size(), ops, rows.liveCount(),
        (System.nanoTime() - started) / 1_000_000);
    return next;
  }

  /** Loads the segment set a reader at {@code position} sees, and the WAL after its watermark. */
  private int reload(long position, PartitionSet partitions) {
    long started = System.nanoTime();
    try {
      ReadPlan plan = ReadPlan.of(collection, position, shards, tombstones);
      SegmentReader reader = new SegmentReader(collection);
      List<SealedSegment> loaded = new ArrayList<>();
      Map<String, SealedSegment> loadedBefore = new HashMap<>();
      sealed.forEach(s -> loadedBefore.put(s.metadata().id(), s));
      int kept = 0;
      try {
        for (var segment : plan.rowSegments()) {
          SealedSegment same = keep(loadedBefore.get(segment.id()), segment, plan);
          if (same != null) {
            kept++;
            loaded.add(same);
          } else {
            loaded.add(SealedSegment.load(reader, collection.schema(), segment, indexCache,
                plan::isVisible));
          }
        }
      } catch (IOException | RuntimeException e) {
        // The next refresh retries from scratch: what this attempt opened must not stay open.
        closeAll(loaded);
        throw e;
      }
      replaced = sealed;
      sealed = loaded;
      resolver = new LatestRowResolver();
      growing = new GrowingRows(collection.schema(), partitions);
      for (ResolvedRow row : plan.tailRows()) {
        resolver.seed(row);
        growing.update(row.primaryKey(), row);
      }
      segmentSet = plan.segments();
      LOG.info("loaded {} at WAL position {}: {} segments ({} kept from before, watermark {}),"
          + " {} rows after it, in {} ms", collection.id(), position, sealed.size(), kept,
          segmentSet.watermark(), plan.tailRows().size(), (System.nanoTime() - started) / 1_000_000);
      return plan.tailRows().size();
    } catch (IOException e) {
      throw new UncheckedIOException("loading the segments of " + collection.id(), e);
    }
  }

  /**
   * {@code loaded} as {@code plan} sees it, when it is the load of {@code segment}; null when
   * the segment must be read.
   */
  private static SealedSegment keep(
      SealedSegment loaded, SegmentMetadata segment, ReadPlan plan) {
    return loaded != null && loaded.isLoadOf(segment) ? loaded.reloaded(plan::isVisible) : null;
  }

  /** Folds the WAL range {@code (from, position]} into the loaded state. */
  private int fold(long from, long position, PartitionSet partitions) {
    if (growing == null) {
      growing = new GrowingRows(collection.schema(), partitions);
    }
    // Partitions first: a new op's row is kept only if its partition is live now.
    growing.partitions(partitions);
    if (position <= from) {
      return 0;
    }
    List<WalRecord> tail = collection.walReader().read(from, position, shards);
    Set<Object> touched = new LinkedHashSet<>();
    for (WalRecord op : tail) {
      // A delete aimed at one partition must know where the key's sealed row is.
      if (touched.add(op.primaryKey()) && op.op() == WalOp.DELETE && op.partition() != null
          && !resolver.rows().containsKey(op.primaryKey())) {
        long ref = findSealed(op.primaryKey());
        if (ref >= 0) {
          resolver.seed(sealed.get(TopK.segment(ref)).row(TopK.ordinal(ref)));
        }
      }
    }
    resolver.applyAll(tail);
    Map<Integer, BitSet> killed = new HashMap<>();
    for (Object key : touched) {
      ResolvedRow now = resolver.rows().get(key);
      boolean fromTail = now != null && now.position() > segmentSet.watermark();
      growing.update(key, fromTail ? now : null);
      if (now == null || fromTail) {
        long ref = findSealed(key, killed);
        if (ref >= 0) {
          killed.computeIfAbsent(TopK.segment(ref),
              s -> (BitSet) sealed.get(s).live().clone()).clear(TopK.ordinal(ref));
        }
      }
    }
    if (!killed.isEmpty()) {
      List<SealedSegment> next = new ArrayList<>(sealed);
      killed.forEach((s, live) -> next.set(s, sealed.get(s).withLive(live)));
      sealed = next;
    }
    return tail.size();
  }

  /** The reference of the live sealed row of {@code key}, or -1. */
  private long findSealed(Object key) {
    return findSealed(key, Map.of());
  }

  /**
   * The reference of the sealed row of {@code key} that is live, in the segment's live set or,
   * for a segment this fold already changed, in {@code killed}'s; -1 when none is. A key has at
   * most one live sealed row: the segments are searched by key (each is sorted by it), not held
   * in a map of every key.
   */
  private long findSealed(Object key, Map<Integer, BitSet> killed) {
    for (int s = 0; s < sealed.size(); s++) {
      SealedSegment segment = sealed.get(s);
      int ordinal = segment.find(key);
      BitSet live = killed.getOrDefault(s, segment.live());
      if (ordinal >= 0 && live.get(ordinal)) {
        return TopK.ref(s, ordinal);
      }
    }
    return -1;
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

  /**
   * Drops this collection's hold on its segments: each closes now, or when the last request
   * searching it is done.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeAll(replaced);
    closeAll(sealed);
    replaced = List.of();
    sealed = List.of();
  }

  private static void closeAll(List<SealedSegment> segments) {
    segments.forEach(SealedSegment::close);
  }
}
