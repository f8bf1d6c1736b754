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
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.core.io.SimpleVersionedSerialization;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkCommitterMetricGroup;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.flink.sink.DeltaManifests;
import org.apache.iceberg.flink.sink.DeltaManifestsSerializer;
import org.apache.iceberg.flink.sink.FlinkManifestUtil;
import org.apache.iceberg.io.WriteResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits each checkpoint's committable to the WAL as one Iceberg append. The same commit records,
 * in a table property, the checkpoint as the last one its sink run committed ({@link
 * CommittedCheckpoints}); a committable whose run has that checkpoint or a later one recorded is in
 * the WAL already (a commit retried after a restore) and is skipped. Any other is committed, even
 * with a checkpoint id at or below one that an earlier run of the same job id committed: a job
 * started without state, or restored from an older savepoint, numbers its checkpoints from a lower
 * id again (apache/iceberg#18098, #10892), and those checkpoints hold new data.
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
    refreshTable();
    for (CommitRequest<VectorlakeCommittable> request : ordered) {
      VectorlakeCommittable committable = request.getCommittable();
      // Read after each commit: this handle's metadata is the one the commit just wrote.
      CommittedCheckpoints record = CommittedCheckpoints.of(table);
      if (record.contains(committable)) {
        LOG.info("checkpoint {} of sink run {} (job {}) is in {} already; not committing it again",
            committable.checkpointId(), committable.runId(), committable.jobId(), collectionName);
        request.signalAlreadyCommitted();
        continue;
      }
      commit(committable, record);
    }
  }

  /** The one place this committer reloads the table: where a reload policy would go. */
  private void refreshTable() {
    table.refresh();
  }

  private void commit(VectorlakeCommittable committable, CommittedCheckpoints record)
      throws IOException {
    long start = System.nanoTime();
    DeltaManifests manifests = SimpleVersionedSerialization.readVersionAndDeSerialize(
        DeltaManifestsSerializer.INSTANCE, committable.manifest());
    requireManifests(committable, manifests);
    WriteResult files = FlinkManifestUtil.readCompletedFiles(manifests, table.io(), table.specs());
    // The committable carries files, not the keys of their ops (millions per checkpoint would
    // bloat the checkpoint); commitStaged only counts keys, so stand-ins of the right number do.
    StagedWal staged = new StagedWal(
        List.of(files.dataFiles()), Collections.nCopies(Math.toIntExact(committable.ops()), ""));
    Map<String, String> summary = Map.of(
        FLINK_JOB_ID, committable.jobId(),
        OPERATOR_ID, committable.operatorId(),
        MAX_COMMITTED_CHECKPOINT_ID, Long.toString(committable.checkpointId()),
        CommittedCheckpoints.RUN_ID, committable.runId());
    WalCommit commit = wal.commitStaged(List.of(staged), summary,
        update -> record.recordIn(update, committable, System.currentTimeMillis()));
    long durationMs = (System.nanoTime() - start) / 1_000_000;
    FlinkManifestUtil.deleteCommittedManifests(
        table, manifests.manifests(), committable.jobId(), committable.checkpointId());
    commits.inc();
    committedOps.inc(committable.ops());
    lastCommittedCheckpoint = committable.checkpointId();
    lastCommitDurationMs = durationMs;
    lastCommittedPosition = commit.position();
    LOG.info("committed checkpoint {} of sink run {}: {} ops in {} files to {} at WAL position {} "
            + "in {} ms", committable.checkpointId(), committable.runId(), committable.ops(),
        files.dataFiles().length, collectionName, commit.position(), durationMs);
  }

  /**
   * A committable's manifest is deleted once it is committed. One that is gone although the record
   * does not list the commit was committed by a run whose entry has been pruned since, or removed
   * by a cleanup: neither can be committed, and which it was cannot be told, so say so.
   */
  private void requireManifests(VectorlakeCommittable committable, DeltaManifests manifests) {
    for (ManifestFile manifest : manifests.manifests()) {
      if (!table.io().newInputFile(manifest.path()).exists()) {
        throw new IllegalStateException("cannot commit checkpoint " + committable.checkpointId()
            + " of sink run " + committable.runId() + " (job " + committable.jobId() + ") to "
            + collectionName + ": its staged manifest " + manifest.path() + " is gone, and the "
            + "table's record (properties " + CommittedCheckpoints.PREFIX + "*) does not list it "
            + "as committed. Either it was committed by a run whose entry was pruned since (raise "
            + CommittedCheckpoints.MAX_RUNS + ") or a cleanup removed it. Restore the job from a "
            + "newer checkpoint, or start it without state.");
      }
    }
  }

  @Override
  public void close() {
    warehouse.close();
  }
}
