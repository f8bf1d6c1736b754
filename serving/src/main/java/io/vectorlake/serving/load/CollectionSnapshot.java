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

  /** The same state, confirmed current at {@code nanos}. */
  CollectionSnapshot confirmedAt(long nanos) {
    return new CollectionSnapshot(
        position, watermark, schema, partitions, indexes, segments, nanos);
  }
}
