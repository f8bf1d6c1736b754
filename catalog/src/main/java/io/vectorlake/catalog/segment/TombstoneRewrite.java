package io.vectorlake.catalog.segment;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tombstone segments of one shard replaced by one segment of the tombstones still needed:
 * those that kill a row in a rows segment the compaction keeps. Every build that deletes or
 * replaces sealed keys adds a tombstone segment, and a tombstone is needed only while a segment
 * still holds a row it kills; without this a shard whose large segments are never rewritten kept
 * every tombstone segment ever written (issue 11's bench: 1,200 segment catalog entries and 2,000
 * files after 18,000 commits, growing with every build). Rows written after a tombstone are never
 * killed by it, so only the segments live when the compaction plans matter; a build that commits
 * meanwhile adds rows and tombstones of its own, which the rewrite leaves alone.
 *
 * @param shard the shard
 * @param replaced the shard's tombstone segments the compaction retires
 * @param kept the tombstones still needed, written as one new segment (none when empty)
 */
public record TombstoneRewrite(int shard, List<SegmentMetadata> replaced, List<Tombstone> kept)
    implements java.io.Serializable {
  private static final Logger LOG = LoggerFactory.getLogger(TombstoneRewrite.class);

  public TombstoneRewrite {
    replaced = List.copyOf(replaced);
    kept = List.copyOf(kept);
  }

  /**
   * The rewrite of one shard, or null when it would not shrink anything: the shard holds one
   * tombstone segment and at least half of its tombstones are still needed.
   *
   * @param tombstoneSegments the shard's live tombstone segments
   * @param newest the newest tombstone of each key of the shard
   * @param neededKeys the keys whose newest tombstone kills a row in a kept rows segment
   */
  static TombstoneRewrite of(int shard, List<SegmentMetadata> tombstoneSegments,
      Map<Object, Tombstone> newest, Set<Object> neededKeys) {
    if (tombstoneSegments.isEmpty()) {
      return null;
    }
    long written = tombstoneSegments.stream().mapToLong(SegmentMetadata::rowCount).sum();
    if (tombstoneSegments.size() == 1 && neededKeys.size() * 2L >= written) {
      return null;
    }
    List<Tombstone> kept = new ArrayList<>(neededKeys.size());
    for (Object key : neededKeys) {
      kept.add(newest.get(key));
    }
    return new TombstoneRewrite(shard, tombstoneSegments, kept);
  }

  /** Writes the kept tombstones as one segment spanning the replaced ones; null when none. */
  public SegmentMetadata write(SegmentWriter writer) throws IOException {
    if (kept.isEmpty()) {
      LOG.info("shard {}: {} tombstone segments retired, no tombstone still needed", shard,
          replaced.size());
      return null;
    }
    long from = Long.MAX_VALUE;
    long to = 0;
    for (SegmentMetadata s : replaced) {
      from = Math.min(from, s.fromPosition());
      to = Math.max(to, s.toPosition());
    }
    SegmentMetadata merged = writer.writeTombstones(shard, from, to, kept);
    LOG.info("shard {}: {} tombstone segments replaced by one of the {} tombstones still needed",
        shard, replaced.size(), kept.size());
    return merged;
  }
}
