package io.vectorlake.examples.soak;

import io.vectorlake.catalog.wal.WalOp;
import java.util.Arrays;

/**
 * One op of a soak writer. {@code version} identifies the row an insert or upsert writes (it is
 * stored in the row's {@code version} field, so a read shows which op's row it sees); deletes
 * write no row.
 *
 * @param partition the target partition of an insert or upsert; null for a delete, which removes
 *     the key from every partition
 */
public record SoakOp(long index, WalOp kind, long key, String partition, long version, float[] vector) {

  public boolean writesRow() {
    return kind != WalOp.DELETE;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SoakOp other && index == other.index && kind == other.kind
        && key == other.key && version == other.version
        && java.util.Objects.equals(partition, other.partition)
        && Arrays.equals(vector, other.vector);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(index) * 31 + Long.hashCode(key);
  }

  @Override
  public String toString() {
    return kind + " " + key + (partition == null ? "" : " in " + partition) + " (op " + index + ")";
  }
}
