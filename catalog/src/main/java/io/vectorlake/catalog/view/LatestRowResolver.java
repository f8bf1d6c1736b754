package io.vectorlake.catalog.view;

import io.vectorlake.catalog.wal.WalOp;
import io.vectorlake.catalog.wal.WalRecord;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * Folds ops, fed in WAL order, into the latest row per primary key: the latest op of a key wins
 * (an insert of an existing key replaces it, as an upsert does); a delete removes the key if it
 * names no partition or the partition the key's row is in. A resolver can start from rows already
 * resolved elsewhere (the rows of sealed segments) and fold the newer ops over them.
 */
public final class LatestRowResolver {
  private final Map<Object, ResolvedRow> rows = new HashMap<>();
  private long position;

  /**
   * Adds a row resolved earlier (from a segment) unless the key already has a newer one; ops
   * applied afterwards override it.
   */
  public void seed(ResolvedRow row) {
    rows.merge(row.primaryKey(), row, (old, candidate) ->
        candidate.position() > old.position()
            || (candidate.position() == old.position() && candidate.offset() > old.offset())
            ? candidate : old);
  }

  /** Applies one op; ops must come in WAL order. */
  public void apply(WalRecord op) {
    if (op.position() < position) {
      throw new IllegalArgumentException(
          "ops must be applied in WAL order: position " + op.position() + " after " + position);
    }
    position = op.position();
    if (op.op() == WalOp.DELETE) {
      ResolvedRow current = rows.get(op.primaryKey());
      if (current != null && (op.partition() == null || op.partition().equals(current.partition()))) {
        rows.remove(op.primaryKey());
      }
    } else {
      rows.put(
          op.primaryKey(),
          new ResolvedRow(op.primaryKey(), op.partition(), op.position(), op.offset(), op.row()));
    }
  }

  public void applyAll(Iterable<WalRecord> ops) {
    for (WalRecord op : ops) {
      apply(op);
    }
  }

  /** The resolved rows by primary key (before partition visibility is applied). */
  public Map<Object, ResolvedRow> rows() {
    return Collections.unmodifiableMap(rows);
  }
}
