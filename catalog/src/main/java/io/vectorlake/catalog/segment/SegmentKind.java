package io.vectorlake.catalog.segment;

/** What a segment holds. */
public enum SegmentKind {
  /** Resolved rows of one shard and partition, with an index per vector field. */
  ROWS,
  /**
   * Keys deleted or replaced in a sealed WAL range, each with the WAL place of that op: any row of
   * the key from an older place is dead (Milvus' delta log).
   */
  TOMBSTONES
}
