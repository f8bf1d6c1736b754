package io.vectorlake.examples.soak;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The Flink writer's ops 0..total-1 by key, regenerated from the seed as the job does. */
final class FlinkModel {
  private final SoakOp[] ops;
  private final Map<Long, List<SoakOp>> byKey = new HashMap<>();

  FlinkModel(long seed, long total) {
    FlinkOps generator = new FlinkOps(seed);
    ops = new SoakOp[Math.toIntExact(total)];
    for (int i = 0; i < ops.length; i++) {
      ops[i] = generator.op(i);
      byKey.computeIfAbsent(ops[i].key(), k -> new ArrayList<>()).add(ops[i]);
    }
  }

  static boolean owns(long key) {
    return key < SdkHistory.KEY_BASE;
  }

  long total() {
    return ops.length;
  }

  Set<Long> keys() {
    return byKey.keySet();
  }

  List<SoakOp> opsOn(long key) {
    return byKey.getOrDefault(key, List.of());
  }

  /**
   * A read that started when ops {@code 0..acknowledged-1} were committed sees, for {@code key},
   * the state the last of them on that key left, or that of any later op on it (later ops may
   * have been committed before the read looked, and {@code acknowledged} is a lower bound).
   */
  Candidates candidates(long key, long acknowledged) {
    Candidates out = new Candidates();
    SoakOp base = null;
    for (SoakOp op : opsOn(key)) {
      if (op.index() < acknowledged) {
        base = op;
      } else {
        out.add(op);
      }
    }
    out.add(base); // null: the key did not exist yet, so absent
    return out;
  }
}
