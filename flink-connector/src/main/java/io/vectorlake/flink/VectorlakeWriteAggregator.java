package io.vectorlake.flink;

import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.core.io.SimpleVersionedSerialization;
import org.apache.flink.runtime.checkpoint.CheckpointIDCounter;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableSummary;
import org.apache.flink.streaming.api.connector.sink2.CommittableWithLineage;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableUtil;
import org.apache.iceberg.flink.sink.DeltaManifests;
import org.apache.iceberg.flink.sink.DeltaManifestsSerializer;
import org.apache.iceberg.flink.sink.FlinkManifestUtil;
import org.apache.iceberg.flink.sink.ManifestOutputFileFactory;
import org.apache.iceberg.io.WriteResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects the write results of all writer subtasks for one checkpoint into one committable (one
 * temporary Iceberg manifest listing every staged file), so that the committer makes one Iceberg
 * commit per checkpoint. Runs with parallelism 1, just before the barrier passes it. Each time it
 * starts it draws a new sink run id for its committables (see {@link VectorlakeCommittable}).
 */
final class VectorlakeWriteAggregator
    extends AbstractStreamOperator<CommittableMessage<VectorlakeCommittable>>
    implements OneInputStreamOperator<
        CommittableMessage<WriteResult>, CommittableMessage<VectorlakeCommittable>> {
  private static final Logger LOG = LoggerFactory.getLogger(VectorlakeWriteAggregator.class);

  private final HashMap<String, String> warehouseProperties;
  private final String collectionName;
  private final List<DataFile> files = new ArrayList<>();

  private long lastCheckpointId = CheckpointIDCounter.INITIAL_CHECKPOINT_ID - 1;
  private transient Warehouse warehouse;
  private transient Table table;
  private transient ManifestOutputFileFactory manifests;
  private transient String runId;

  VectorlakeWriteAggregator(Map<String, String> warehouseProperties, String collectionName) {
    this.warehouseProperties = new HashMap<>(warehouseProperties);
    this.collectionName = collectionName;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    context.getRestoredCheckpointId().ifPresent(id -> lastCheckpointId = id);
  }

  @Override
  public void open() throws Exception {
    super.open();
    warehouse = Warehouse.open(warehouseProperties);
    table = warehouse.loadCollection(CollectionId.parse(collectionName)).walTable();
    runId = UUID.randomUUID().toString();
    // The run id in the manifest names too: another run of this job id and operator (a fresh
    // start, a second deployment) must not overwrite a manifest a retained checkpoint refers to.
    manifests = FlinkManifestUtil.createOutputFileFactory(
        () -> table, table.properties(), jobId(), operatorId() + "-" + runId,
        getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
        getRuntimeContext().getTaskInfo().getAttemptNumber());
    LOG.info("sink run {} of {} starts (job {}, operator {})",
        runId, collectionName, jobId(), operatorId());
  }

  @Override
  public void processElement(StreamRecord<CommittableMessage<WriteResult>> element) {
    if (element.getValue() instanceof CommittableWithLineage<WriteResult> result) {
      files.addAll(List.of(result.getCommittable().dataFiles()));
    }
  }

  @Override
  public void finish() throws IOException {
    // The end of a bounded input: hand on what is left for the final checkpoint.
    prepareSnapshotPreBarrier(lastCheckpointId + 1);
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws IOException {
    if (checkpointId == lastCheckpointId) {
      return; // finish() has emitted this checkpoint's files already
    }
    lastCheckpointId = checkpointId;
    if (files.isEmpty()) {
      return;
    }
    long ops = 0;
    for (DataFile file : files) {
      ops += file.recordCount();
    }
    DeltaManifests delta = FlinkManifestUtil.writeCompletedFiles(
        WriteResult.builder().addDataFiles(files).build(),
        () -> manifests.create(checkpointId),
        table.spec(),
        TableUtil.formatVersion(table));
    VectorlakeCommittable committable = new VectorlakeCommittable(
        SimpleVersionedSerialization.writeVersionAndSerialize(
            DeltaManifestsSerializer.INSTANCE, delta),
        jobId(), operatorId(), runId, checkpointId, ops);
    output.collect(new StreamRecord<>(new CommittableSummary<>(0, 1, checkpointId, 1, 0)));
    output.collect(new StreamRecord<>(new CommittableWithLineage<>(committable, checkpointId, 0)));
    LOG.debug("checkpoint {}: {} WAL files with {} ops of {} ready to commit",
        checkpointId, files.size(), ops, collectionName);
    files.clear();
  }

  private String jobId() {
    return getRuntimeContext().getJobInfo().getJobId().toString();
  }

  private String operatorId() {
    return getRuntimeContext().getOperatorUniqueID();
  }

  @Override
  public void close() throws Exception {
    try {
      super.close();
    } finally {
      if (warehouse != null) {
        warehouse.close();
      }
    }
  }
}
