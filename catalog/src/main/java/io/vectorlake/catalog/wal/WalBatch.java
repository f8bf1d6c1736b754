package io.vectorlake.catalog.wal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Ops to append to a collection's WAL in one atomic commit, in the order they were added. Rows are
 * field-name to value maps as a producer sends them; the writer checks them against the schema.
 */
public final class WalBatch {
  /**
   * One op as given. {@code partition} null means the default partition for inserts and upserts and
   * every partition for deletes.
   */
  public record Op(WalOp op, String partition, Map<String, ?> row, Object primaryKey) {}

  private final List<Op> ops = new ArrayList<>();

  public WalBatch insert(Map<String, ?> row) {
    return insert(null, row);
  }

  public WalBatch insert(String partition, Map<String, ?> row) {
    ops.add(new Op(WalOp.INSERT, partition, row, null));
    return this;
  }

  public WalBatch upsert(Map<String, ?> row) {
    return upsert(null, row);
  }

  /**
   * Replaces the row with the row's key, or adds it. In an auto-id collection the row gets a newly
   * generated key instead and the key it carries is deleted, as in Milvus.
   */
  public WalBatch upsert(String partition, Map<String, ?> row) {
    ops.add(new Op(WalOp.UPSERT, partition, row, null));
    return this;
  }

  public WalBatch delete(Object primaryKey) {
    return delete(null, primaryKey);
  }

  public WalBatch delete(String partition, Object primaryKey) {
    ops.add(new Op(WalOp.DELETE, partition, null, primaryKey));
    return this;
  }

  public List<Op> ops() {
    return Collections.unmodifiableList(ops);
  }

  public int size() {
    return ops.size();
  }

  public boolean isEmpty() {
    return ops.isEmpty();
  }
}
