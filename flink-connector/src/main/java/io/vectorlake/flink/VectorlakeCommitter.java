package io.vectorlake.flink;

import io.vectorlake.catalog.wal.StagedWal;
import io.vectorlake.catalog.wal.WalCommit;
import io.vectorlake.catalog.wal.WalWriter;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.core.io.SimpleVersionedSerialization;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkCommitterMetricGroup;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.flink.sink.DeltaManifests;
import org.apache.iceberg.flink.sink.DeltaManifestsSerializer;
import org.apache.iceberg.flink.sink.FlinkManifestUtil;
import org.apache.iceberg.io.WriteResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits each checkpoint's committable to the WAL as one Iceberg append, recording the job,
 * operator and checkpoint in the snapshot summary. Before committing it looks up the highest
 * checkpoint already committed for that job and operator and skips any committable at or below
 * it, so a commit retried after a failure or a restore never appends the same files twice.
 */
final class VectorlakeCommitter implements Committer<VectorlakeCommittable> {
  // The keys Iceberg's own Flink sink uses, so Iceberg tooling reads our commits the same way.
  static final String FLINK_JOB_ID = "flink.job-id";
  static final String OPERATOR_ID = "flink.operator-id";
  static final String MAX_COMMITTED_CHECKPOINT_ID = "flink.max-committed-checkpoint-id";

  static final String COMMITS = "commits";
  static final String COMMITTED_OPS = "committedOps";
  static final String LAST_COMMITTED_CHECKPOINT = "lastCommittedCheckpointId";
  static final String LAST_COMMIT_DURATION_MS = "lastCommitDurationMs";
  static final String LAST_COMMITTED_POSITION = "lastCommittedWalPosition";

  private static final Logger LOG = LoggerFactory.getLogger(VectorlakeCommitter.class);

  private final Warehouse warehouse;
  private final String collectionName;
  private final Table table;
  private final WalWriter wal;
  private final Counter commits;
  private final Counter committedOps;
  private volatile long lastCommittedCheckpoint = -1;
  private volatile long lastCommitDurationMs = -1;
  private volatile long lastCommittedPosition = -1;

  VectorlakeCommitter(
      Map<String, String> warehouseProperties, String collectionName,
      SinkCommitterMetricGroup metrics) {
    this.warehouse = Warehouse.open(warehouseProperties);
    this.collectionName = collectionName;
    Collection collection = warehouse.loadCollection(CollectionId.parse(collectionName));
    this.table = collection.walTable();
    this.wal = collection.walWriter();
    this.commits = metrics.counter(COMMITS);
    this.committedOps = metrics.counter(COMMITTED_OPS);
    metrics.gauge(LAST_COMMITTED_CHECKPOINT, () -> lastCommittedCheckpoint);
    metrics.gauge(LAST_COMMIT_DURATION_MS, () -> lastCommitDurationMs);
    metrics.gauge(LAST_COMMITTED_POSITION, () -> lastCommittedPosition);
  }

  @Override
  public void commit(java.util.Collection<CommitRequest<VectorlakeCommittable>> requests)
      throws IOException {
    if (requests.isEmpty()) {
      return;
    }
    List<CommitRequest<VectorlakeCommittable>> ordered = new ArrayList<>(requests);
    ordered.sort(Comparator.comparingLong(r -> r.getCommittable().checkpointId()));
    table.refresh();
    Map<String, Long> committed = new HashMap<>();
    for (CommitRequest<VectorlakeCommittable> request : ordered) {
      VectorlakeCommittable committable = request.getCommittable();
      String owner = committable.jobId() + "/" + committable.operatorId();
      long max = committed.computeIfAbsent(
          owner, o -> maxCommittedCheckpoint(committable.jobId(), committable.operatorId()));
      if (committable.checkpointId() <= max) {
        LOG.info("checkpoint {} of job {} is in {} already; not committing it again",
            committable.checkpointId(), committable.jobId(), collectionName);
        request.signalAlreadyCommitted();
        continue;
      }
      commit(committable);
      committed.put(owner, committable.checkpointId());
    }
  }

  private void commit(VectorlakeCommittable committable) throws IOException {
    long start = System.nanoTime();
    DeltaManifests manifests = SimpleVersionedSerialization.readVersionAndDeSerialize(
        DeltaManifestsSerializer.INSTANCE, committable.manifest());
    WriteResult files = FlinkManifestUtil.readCompletedFiles(manifests, table.io(), table.specs());
    // The committable carries files, not the keys of their ops (millions per checkpoint would
    // bloat the checkpoint); commitStaged only counts keys, so stand-ins of the right number do.
    StagedWal staged = new StagedWal(
        List.of(files.dataFiles()), Collections.nCopies(Math.toIntExact(committable.ops()), ""));
    Map<String, String> summary = Map.of(
        FLINK_JOB_ID, committable.jobId(),
        OPERATOR_ID, committable.operatorId(),
        MAX_COMMITTED_CHECKPOINT_ID, Long.toString(committable.checkpointId()));
    WalCommit commit = wal.commitStaged(List.of(staged), summary);
    long durationMs = (System.nanoTime() - start) / 1_000_000;
    FlinkManifestUtil.deleteCommittedManifests(
        table, manifests.manifests(), committable.jobId(), committable.checkpointId());
    commits.inc();
    committedOps.inc(committable.ops());
    lastCommittedCheckpoint = committable.checkpointId();
    lastCommitDurationMs = durationMs;
    lastCommittedPosition = commit.position();
    LOG.info("committed checkpoint {}: {} ops in {} files to {} at WAL position {} in {} ms",
        committable.checkpointId(), committable.ops(), files.dataFiles().length, collectionName,
        commit.position(), durationMs);
  }

  /** The highest checkpoint of this job and operator in the WAL's history, or -1. */
  private long maxCommittedCheckpoint(String jobId, String operatorId) {
    for (Snapshot s = table.currentSnapshot(); s != null;
        s = s.parentId() == null ? null : table.snapshot(s.parentId())) {
      Map<String, String> summary = s.summary();
      if (jobId.equals(summary.get(FLINK_JOB_ID))
          && operatorId.equals(summary.get(OPERATOR_ID))) {
        return Long.parseLong(summary.get(MAX_COMMITTED_CHECKPOINT_ID));
      }
    }
    return -1;
  }

  @Override
  public void close() {
    warehouse.close();
  }
}
