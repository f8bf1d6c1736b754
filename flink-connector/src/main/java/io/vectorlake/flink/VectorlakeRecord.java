package io.vectorlake.flink;

import io.vectorlake.catalog.wal.WalOp;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One op for the Vectorlake sink in the DataStream API: an insert or upsert of a row (field name to
 * value, as {@code WalBatch} takes it) or the delete of a primary key.
 *
 * @param partition the target partition; null means the sink's partition (the default partition
 *     unless configured) for inserts and upserts, and every partition for deletes
 * @param row the row of an insert or upsert; null for a delete
 * @param primaryKey the key of a delete; null for inserts and upserts, whose key is in the row
 */
public record VectorlakeRecord(WalOp op, String partition, Map<String, ?> row, Object primaryKey)
    implements Serializable {

  public VectorlakeRecord {
    Objects.requireNonNull(op, "op");
    if (op == WalOp.DELETE && primaryKey == null) {
      throw new IllegalArgumentException("a DELETE needs the primary key of the row to delete");
    }
    if (op != WalOp.DELETE && row == null) {
      throw new IllegalArgumentException("an " + op + " needs a row");
    }
    // Flink's Kryo fallback cannot rebuild immutable maps such as Map.of(...): keep a HashMap.
    row = row == null || row instanceof HashMap ? row : new HashMap<>(row);
  }

  public static VectorlakeRecord insert(Map<String, ?> row) {
    return new VectorlakeRecord(WalOp.INSERT, null, row, null);
  }

  public static VectorlakeRecord upsert(Map<String, ?> row) {
    return new VectorlakeRecord(WalOp.UPSERT, null, row, null);
  }

  public static VectorlakeRecord delete(Object primaryKey) {
    return new VectorlakeRecord(WalOp.DELETE, null, null, primaryKey);
  }

  /** The same op aimed at one partition. */
  public VectorlakeRecord inPartition(String name) {
    return new VectorlakeRecord(op, name, row, primaryKey);
  }

  /** The op's key as given (not yet checked); null for an auto-id insert. */
  public Object rawPrimaryKey(String primaryKeyField) {
    return op == WalOp.DELETE ? primaryKey : row.get(primaryKeyField);
  }

  /** The op as text for messages, with vectors shortened to their length. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(op.name());
    if (partition != null) {
      out.append(" in ").append(partition);
    }
    if (op == WalOp.DELETE) {
      return out.append(' ').append(primaryKey).toString();
    }
    out.append(" {");
    String separator = "";
    for (Map.Entry<String, ?> field : new java.util.TreeMap<>(row).entrySet()) {
      Object value = field.getValue();
      out.append(separator).append(field.getKey()).append('=')
          .append(value instanceof float[] v ? "float[" + v.length + "]" : value);
      separator = ", ";
    }
    return out.append('}').toString();
  }
}
