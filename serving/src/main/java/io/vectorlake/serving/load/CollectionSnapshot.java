package io.vectorlake.serving.load;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.warehouse.PartitionSet;
import io.vectorlake.serving.collection.IndexSpec;
import io.vectorlake.serving.search.SegmentSearcher;
import java.util.List;
import java.util.Map;

/**
 * What a loaded collection answers from, immutable: the resolved rows at WAL position {@code
 * position} as searchable segments (sealed segments once they exist, then the growing rows
 * resolved from the WAL after the segments' watermark), with the partitions and index specs read
 * at the same time. A refresh builds a new snapshot and swaps it in; readers never lock.
 *
 * @param watermark the WAL position the sealed segments cover (0 until segments exist)
 * @param loadedAtNanos {@link System#nanoTime()} when this snapshot was read from the warehouse
 */
public record CollectionSnapshot(
    long position,
    long watermark,
    CollectionSchema schema,
    PartitionSet partitions,
    Map<String, IndexSpec> indexes,
    List<SegmentSearcher> segments,
    long loadedAtNanos) {

  public CollectionSnapshot {
    indexes = Map.copyOf(indexes);
    segments = List.copyOf(segments);
  }

  public long rowCount() {
    long n = 0;
    for (SegmentSearcher segment : segments) {
      n += segment.liveCount();
    }
    return n;
  }

  /**
   * Takes a reference on every segment for one request; false (holding none) when one was closed
   * already, because a newer snapshot replaced this one.
   */
  boolean retain() {
    for (int i = 0; i < segments.size(); i++) {
      if (!segments.get(i).retain()) {
        for (int j = 0; j < i; j++) {
          segments.get(j).release();
        }
        return false;
      }
    }
    return true;
  }

  /** Drops the references {@link #retain} took. */
  void release() {
    for (SegmentSearcher segment : segments) {
      segment.release();
    }
  }

  /** The same state, confirmed current at {@code nanos}. */
  CollectionSnapshot confirmedAt(long nanos) {
    return new CollectionSnapshot(
        position, watermark, schema, partitions, indexes, segments, nanos);
  }
}
