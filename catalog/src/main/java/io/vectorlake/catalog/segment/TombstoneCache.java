package io.vectorlake.catalog.segment;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tombstones of segments read before, by segment id, for a reader that plans the same
 * collection again and again: a serving node plans after every build, and its tombstone
 * segments are mostly the ones it read the time before (a profile of bench-metadata had
 * re-reading them as the largest part of a reload). Segments never change, so only new ones are
 * read; the ones no longer live are forgotten. Thread-safe.
 */
public final class TombstoneCache {
  private Map<String, List<Tombstone>> bySegment = Map.of();

  /** The newest tombstone of each key in {@code segments}, reading only segments not read before. */
  public synchronized Map<Object, Tombstone> newest(SegmentReader reader,
      List<SegmentMetadata> segments) throws IOException {
    Map<String, List<Tombstone>> now = new HashMap<>();
    Map<Object, Tombstone> newest = new HashMap<>();
    for (SegmentMetadata segment : segments) {
      List<Tombstone> tombstones = bySegment.get(segment.id());
      if (tombstones == null) {
        tombstones = reader.tombstones(segment);
      }
      now.put(segment.id(), tombstones);
      for (Tombstone t : tombstones) {
        newest.merge(t.primaryKey(), t, (a, b) -> a.kills(b.position(), b.offset()) ? a : b);
      }
    }
    bySegment = now;
    return newest;
  }

  /** How many segments' tombstones are held. */
  public synchronized int size() {
    return bySegment.size();
  }
}
