package io.vectorlake.catalog.view;

import io.vectorlake.catalog.segment.ExistingKeys;
import io.vectorlake.catalog.segment.SegmentMetadata;
import io.vectorlake.catalog.segment.SegmentReader;
import io.vectorlake.catalog.segment.SegmentSet;
import io.vectorlake.catalog.segment.Tombstone;
import io.vectorlake.catalog.segment.TombstoneCache;
import io.vectorlake.catalog.wal.WalRecord;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.PartitionSet;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How to read the resolved collection at one WAL position piece by piece, so that engines can
 * read each segment in its own task: the segment catalog version a reader there sees, the newest
 * tombstone per key, and the WAL tail after the watermark resolved on its own. A segment row is
 * visible when no tombstone kills it, the tail did not change its key, and its partition is live;
 * the tail's own visible rows complete the collection. Every reader (views, serving, the Spark
 * source) resolves with these rules.
 */
public final class ReadPlan implements Serializable {
  private final long position;
  private final SegmentSet segments;
  private final Map<Object, Tombstone> tombstones;
  private final Set<Object> changedByTail;
  private final List<ResolvedRow> tailRows;
  private final PartitionSet partitions;

  private ReadPlan(long position, SegmentSet segments, Map<Object, Tombstone> tombstones,
      Set<Object> changedByTail, List<ResolvedRow> tailRows, PartitionSet partitions) {
    this.position = position;
    this.segments = segments;
    this.tombstones = tombstones;
    this.changedByTail = changedByTail;
    this.tailRows = tailRows;
    this.partitions = partitions;
  }

  /** The plan to read {@code collection} at WAL position {@code position}. */
  public static ReadPlan of(Collection collection, long position) throws IOException {
    return of(collection, position, null);
  }

  /**
   * The plan to read some shards of {@code collection} (all when {@code shards} is null), as a
   * serving node that holds only those shards reads it.
   */
  public static ReadPlan of(Collection collection, long position, Set<Integer> shards)
      throws IOException {
    return of(collection, position, shards, new TombstoneCache());
  }

  /** As {@link #of(Collection, long, Set)}, reading only tombstones {@code cache} has not read. */
  public static ReadPlan of(Collection collection, long position, Set<Integer> shards,
      TombstoneCache cache) throws IOException {
    SegmentSet all = collection.segmentsAt(position);
    SegmentSet segments = shards == null ? all : new SegmentSet(all.snapshotId(), all.watermark(),
        all.segments().stream().filter(s -> shards.contains(s.shard())).toList());
    SegmentReader reader = new SegmentReader(collection);
    PartitionSet partitions = collection.partitions();
    Map<Object, Tombstone> tombstones = cache.newest(reader, segments.liveTombstones());
    List<WalRecord> tail = collection.walReader().read(segments.watermark(), position, shards);

    LatestRowResolver resolver = new LatestRowResolver();
    Set<Object> seen = new ExistingKeys(reader, segments.liveRows(), segments.liveTombstones(),
        partitions).seedScopedDeletes(tail, resolver);
    resolver.applyAll(tail);
    Set<Object> changed = new HashSet<>();
    List<ResolvedRow> rows = new ArrayList<>();
    for (Object key : seen) {
      ResolvedRow row = resolver.rows().get(key);
      if (row == null || row.position() > segments.watermark()) {
        changed.add(key);
        if (row != null && partitions.isVisible(row.partition(), row.position())) {
          rows.add(row);
        }
      }
    }
    return new ReadPlan(position, segments, tombstones, changed, rows, partitions);
  }

  public long position() {
    return position;
  }

  public long watermark() {
    return segments.watermark();
  }

  /** The segment catalog version the plan reads. */
  public SegmentSet segments() {
    return segments;
  }

  /** The rows segments to read. */
  public List<SegmentMetadata> rowSegments() {
    return segments.liveRows();
  }

  /** Whether a row read from a segment of this plan is in the resolved collection. */
  public boolean isVisible(ResolvedRow segmentRow) {
    return isVisible(segmentRow.primaryKey(), segmentRow.partition(), segmentRow.position(),
        segmentRow.offset());
  }

  /** {@link #isVisible(ResolvedRow)} of a segment row given by its key and WAL place. */
  public boolean isVisible(Object primaryKey, String partition, long position, long offset) {
    Tombstone t = tombstones.get(primaryKey);
    return (t == null || !t.kills(position, offset))
        && !changedByTail.contains(primaryKey)
        && partitions.isVisible(partition, position);
  }

  /** The visible rows written after the watermark. */
  public List<ResolvedRow> tailRows() {
    return tailRows;
  }

  /** A copy without the tail rows, to ship to tasks that read segments only. */
  public ReadPlan forSegmentTasks() {
    return new ReadPlan(position, segments, tombstones, changedByTail, List.of(), partitions);
  }

  /** Every visible row, read in this process. */
  public Map<Object, ResolvedRow> readAll(Collection collection) throws IOException {
    Map<Object, ResolvedRow> rows = new HashMap<>();
    SegmentReader reader = new SegmentReader(collection);
    for (SegmentMetadata segment : rowSegments()) {
      for (ResolvedRow row : reader.rows(segment)) {
        if (isVisible(row)) {
          rows.put(row.primaryKey(), row);
        }
      }
    }
    tailRows.forEach(row -> rows.put(row.primaryKey(), row));
    return rows;
  }
}
