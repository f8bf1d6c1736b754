package io.vectorlake.flink;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateProperties;

/**
 * The WAL table's record of what Vectorlake Flink sinks have committed: for each sink run, the
 * last checkpoint it committed, in a table property written in the same Iceberg commit as that
 * checkpoint's files. Table properties outlive snapshot expiry, which removes the snapshot
 * summaries an older Vectorlake kept the record in. A run commits its checkpoints in order (a
 * failed commit fails the job, which starts a new run), so a committable is in the WAL exactly when
 * its run's recorded checkpoint is at or above its own.
 *
 * <p>A run is one start of a sink's aggregator, so entries grow with restarts, not with commits;
 * beyond {@value #MAX_RUNS} runs (default {@value #DEFAULT_MAX_RUNS}) the least recently committed
 * are dropped. Only a restore of a checkpoint or savepoint taken by a dropped run needs its entry.
 */
final class CommittedCheckpoints {
  /** Prefix of the properties holding one sink run's entry each, the run id following it. */
  static final String PREFIX = "vectorlake.flink.committed.";

  /** Table property: how many sink runs the record keeps. */
  static final String MAX_RUNS = "vectorlake.flink.committed-runs-max";

  static final int DEFAULT_MAX_RUNS = 100;

  /** Snapshot summary key of the run that made a commit (next to Iceberg's own Flink keys). */
  static final String RUN_ID = "vectorlake.flink.run-id";

  private final Table table;
  private final Map<String, Entry> entries;

  /**
   * One run's entry, as the property value {@code checkpoint=12;committed-at=<epoch ms>;job=<id>;
   * operator=<id>}: readable by an operator, and enough to prune by age of the last commit.
   */
  record Entry(long checkpointId, long committedAtMillis, String jobId, String operatorId) {
    String encode() {
      return "checkpoint=" + checkpointId + ";committed-at=" + committedAtMillis + ";job=" + jobId
          + ";operator=" + operatorId;
    }

    static Entry parse(String key, String value) {
      Map<String, String> fields = new HashMap<>();
      for (String field : value.split(";")) {
        int equals = field.indexOf('=');
        if (equals > 0) {
          fields.put(field.substring(0, equals), field.substring(equals + 1));
        }
      }
      try {
        return new Entry(Long.parseLong(fields.get("checkpoint")),
            Long.parseLong(fields.get("committed-at")),
            fields.getOrDefault("job", ""), fields.getOrDefault("operator", ""));
      } catch (NumberFormatException e) {
        throw new IllegalStateException("table property " + key + " = '" + value + "' is not a "
            + "Vectorlake sink record (checkpoint=<id>;committed-at=<epoch ms>;job=..;operator=..)"
            + "; restore it or remove the property", e);
      }
    }
  }

  private CommittedCheckpoints(Table table, Map<String, Entry> entries) {
    this.table = table;
    this.entries = entries;
  }

  /** The record in {@code table}'s metadata as the handle last read it (refresh it first). */
  static CommittedCheckpoints of(Table table) {
    Map<String, Entry> entries = new HashMap<>();
    table.properties().forEach((key, value) -> {
      if (key.startsWith(PREFIX)) {
        entries.put(key.substring(PREFIX.length()), Entry.parse(key, value));
      }
    });
    return new CommittedCheckpoints(table, entries);
  }

  /** Whether {@code committable}'s checkpoint is in the WAL already. */
  boolean contains(VectorlakeCommittable committable) {
    Entry entry = entries.get(committable.runId());
    if (entry != null && entry.checkpointId() >= committable.checkpointId()) {
      return true;
    }
    // A committable from a checkpoint of an older Vectorlake may have been committed by it, with
    // the record in a snapshot summary, if snapshot expiry has not removed it since.
    return committable.isVersionOne()
        && versionOneCheckpoint(committable.jobId(), committable.operatorId())
            >= committable.checkpointId();
  }

  /**
   * Adds to {@code update} (part of the commit of {@code committable}'s files) the entry of its
   * run, and removes the entries of the least recently committed other runs beyond the limit.
   */
  void recordIn(UpdateProperties update, VectorlakeCommittable committable, long nowMillis) {
    update.set(PREFIX + committable.runId(), new Entry(committable.checkpointId(), nowMillis,
        committable.jobId(), committable.operatorId()).encode());
    List<Map.Entry<String, Entry>> others = new ArrayList<>();
    entries.entrySet().stream()
        .filter(e -> !e.getKey().equals(committable.runId()))
        .sorted(Comparator.comparingLong(e -> e.getValue().committedAtMillis()))
        .forEach(others::add);
    int keep = maxRuns() - 1;
    for (int i = 0; i < others.size() - keep; i++) {
      update.remove(PREFIX + others.get(i).getKey());
    }
  }

  private int maxRuns() {
    String value = table.properties().get(MAX_RUNS);
    if (value == null) {
      return DEFAULT_MAX_RUNS;
    }
    int max;
    try {
      max = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      max = 0;
    }
    if (max < 1) {
      throw new IllegalArgumentException("table property " + MAX_RUNS + " of " + table.name()
          + " must be a whole number of at least 1, got '" + value + "'");
    }
    return max;
  }

  /**
   * The checkpoint an older Vectorlake recorded for this job and operator in the newest snapshot
   * summary it wrote, or -1. Commits of this version carry a run id and are left out: their
   * record is in the properties, and their job and operator may repeat with restarts.
   */
  private long versionOneCheckpoint(String jobId, String operatorId) {
    for (Snapshot s = table.currentSnapshot(); s != null;
        s = s.parentId() == null ? null : table.snapshot(s.parentId())) {
      Map<String, String> summary = s.summary();
      if (!summary.containsKey(RUN_ID)
          && jobId.equals(summary.get(VectorlakeCommitter.FLINK_JOB_ID))
          && operatorId.equals(summary.get(VectorlakeCommitter.OPERATOR_ID))) {
        return Long.parseLong(summary.get(VectorlakeCommitter.MAX_COMMITTED_CHECKPOINT_ID));
      }
    }
    return -1;
  }
}
