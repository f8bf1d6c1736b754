package io.vectorlake.catalog.segment;

/** Where a segment is in its life. */
public enum SegmentState {
  /** Rows written, no index (FLAT fields, or an index still to build). */
  SEALED,
  /** Rows written and every vector field indexed. */
  INDEXED,
  /** Replaced by a compaction; kept until cleanup so readers of older views still find it. */
  COMPACTED,
  /** Its partition was dropped; kept until cleanup. */
  DROPPED;

  /** Whether readers of the current view use the segment. */
  public boolean isLive() {
    return this == SEALED || this == INDEXED;
  }
}
