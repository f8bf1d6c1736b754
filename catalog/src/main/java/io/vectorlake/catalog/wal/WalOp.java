package io.vectorlake.catalog.wal;

/** The kinds of change a WAL row records. */
public enum WalOp {
  /** A new row; a later op on the same key replaces it (the latest op per key wins). */
  INSERT,
  /** Replaces the row with the same key, in whichever partition it was, or adds it. */
  UPSERT,
  /** Removes the row with the key, from one partition or (with no partition) from all. */
  DELETE
}
