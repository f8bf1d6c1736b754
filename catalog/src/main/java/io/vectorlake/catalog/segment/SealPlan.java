package io.vectorlake.catalog.segment;

import io.vectorlake.catalog.warehouse.Collection;
import java.util.ArrayList;
import java.util.List;

/**
 * One seal of a collection: the WAL range {@code (base.watermark, upTo]} of every shard becomes
 * segments, committed in one segment catalog transaction whose new watermark is {@code upTo}.
 * Engines split the work (the Spark builder runs a task per shard, then a task per segment to
 * index); {@link #runLocally} does it all in this process.
 */
public record SealPlan(SegmentSet base, long upTo, int shards) implements java.io.Serializable {

  /** What a seal of the collection's current WAL would cover. */
  public static SealPlan of(Collection collection) {
    SegmentSet base = collection.segmentCatalog().current();
    return new SealPlan(base, collection.walPosition(), collection.schema().shards());
  }

  public boolean isEmpty() {
    return upTo <= base.watermark();
  }

  /**
   * Commits the new segments with the watermark moved to {@code upTo}; throws {@link
   * CommitConflictException} if another job committed first.
   */
  public SegmentSet commit(Collection collection, List<SegmentMetadata> newSegments) {
    List<SegmentMetadata> all = new ArrayList<>(base.segments());
    all.addAll(newSegments);
    return collection.segmentCatalog().commit(base, all, upTo, "seal");
  }

  /** Seals and indexes every shard in this process, then commits. */
  public SegmentSet runLocally(Collection collection, int targetRows, int threads)
      throws java.io.IOException {
    if (isEmpty()) {
      return base;
    }
    SegmentCatalog catalog = collection.segmentCatalog();
    BuildIntent intent = catalog.beginBuild(upTo);
    try {
      ShardSealer sealer = new ShardSealer(collection, base, targetRows);
      SegmentWriter writer = new SegmentWriter(collection);
      List<SegmentMetadata> segments = new ArrayList<>();
      for (int shard = 0; shard < shards; shard++) {
        for (SegmentMetadata sealed : sealer.seal(shard, base.watermark(), upTo)) {
          segments.add(
              sealed.kind() == SegmentKind.ROWS ? writer.buildIndexes(sealed, threads) : sealed);
        }
      }
      return commit(collection, segments);
    } finally {
      catalog.endBuild(intent);
    }
  }
}
