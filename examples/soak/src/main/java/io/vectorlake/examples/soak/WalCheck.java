package io.vectorlake.examples.soak;

import io.vectorlake.catalog.wal.WalOp;
import io.vectorlake.catalog.wal.WalRecord;
import io.vectorlake.catalog.warehouse.Collection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Exactly-once of the Flink writer, read from the WAL itself: once the job has drained, the WAL
 * must hold each of its ops 0..total-1 exactly once, and each key's ops in op order (the WAL's
 * order across keys of different shards is free). An op lost, duplicated or reordered on its key
 * is a mismatch.
 */
final class WalCheck {
  private WalCheck() {}

  static void check(Collection collection, FlinkModel model, SoakStats stats) {
    long position = collection.walReader().position();
    Map<Long, List<WalRecord>> byKey = new HashMap<>();
    long records = 0;
    for (WalRecord r : collection.walReader().read(0, position)) {
      long key = ((Number) r.primaryKey()).longValue();
      if (FlinkModel.owns(key)) {
        byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        records++;
      }
    }
    stats.add("WAL: Flink records", records);
    if (records != model.total()) {
      stats.mismatch("WAL: Flink ops not exactly once", "the WAL holds " + records
          + " Flink records for " + model.total() + " ops emitted");
    }
    for (long key : model.keys()) {
      List<SoakOp> expected = model.opsOn(key);
      List<WalRecord> actual = byKey.getOrDefault(key, List.of());
      if (!sameOps(expected, actual)) {
        stats.mismatch("WAL: a key's Flink ops differ from the ops emitted", "key " + key
            + ": expected " + expected + ", WAL has " + describe(actual));
      }
    }
    stats.count("WAL exactly-once checks");
  }

  private static boolean sameOps(List<SoakOp> expected, List<WalRecord> actual) {
    if (expected.size() != actual.size()) {
      return false;
    }
    for (int i = 0; i < expected.size(); i++) {
      SoakOp op = expected.get(i);
      WalRecord r = actual.get(i);
      if (op.kind() != r.op()) {
        return false;
      }
      if (op.kind() != WalOp.DELETE && (!Objects.equals(op.partition(), r.partition())
          || ((Number) r.row().get(SoakCollection.VERSION)).longValue() != op.version())) {
        return false;
      }
    }
    return true;
  }

  private static String describe(List<WalRecord> records) {
    List<String> out = new ArrayList<>();
    for (WalRecord r : records) {
      out.add(r.op() + (r.row() == null ? "" : " v" + r.row().get(SoakCollection.VERSION))
          + (r.partition() == null ? "" : " in " + r.partition()));
    }
    return out.toString();
  }
}
