package io.vectorlake.catalog.wal;

import io.vectorlake.catalog.schema.Row;

/**
 * One op read back from the WAL, with the place it holds in the total order of the collection's
 * changes: {@code (position, offset)}, where position is the Iceberg sequence number of the commit
 * that wrote it and offset its place in the writer's batch.
 *
 * @param partition the op's partition; null only for a delete that applies to every partition
 * @param row the full row for inserts and upserts; null for deletes
 */
public record WalRecord(
    WalOp op, Object primaryKey, int shard, String partition, long position, long offset, Row row) {

  /** Whether this op comes after {@code other} in the WAL's total order. */
  public boolean isAfter(WalRecord other) {
    return position != other.position ? position > other.position : offset > other.offset;
  }
}
