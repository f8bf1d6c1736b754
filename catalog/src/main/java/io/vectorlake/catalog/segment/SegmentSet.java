package io.vectorlake.catalog.segment;

import java.util.List;

/**
 * One committed version of a collection's segment catalog: the segments and the WAL watermark up
 * to which they cover the WAL. Readers at a WAL position at or past the watermark see these
 * segments plus the WAL after the watermark.
 *
 * @param snapshotId the segment catalog snapshot, or -1 before the first commit
 */
public record SegmentSet(long snapshotId, long watermark, List<SegmentMetadata> segments)
    implements java.io.Serializable {
  public static final SegmentSet EMPTY = new SegmentSet(-1, 0, List.of());

  public SegmentSet {
    segments = List.copyOf(segments);
  }

  /** The segments that readers use: live rows segments and tombstones. */
  public List<SegmentMetadata> live() {
    return segments.stream().filter(s -> s.state().isLive()).toList();
  }

  public List<SegmentMetadata> liveRows() {
    return live().stream().filter(s -> s.kind() == SegmentKind.ROWS).toList();
  }

  public List<SegmentMetadata> liveTombstones() {
    return live().stream().filter(s -> s.kind() == SegmentKind.TOMBSTONES).toList();
  }
}
