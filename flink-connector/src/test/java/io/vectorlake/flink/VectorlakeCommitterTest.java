package io.vectorlake.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.wal.StagedWal;
import io.vectorlake.catalog.wal.WalBatch;
import io.vectorlake.catalog.warehouse.Collection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Committer.CommitRequest;
import org.apache.flink.core.io.SimpleVersionedSerialization;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.runtime.metrics.groups.InternalSinkCommitterMetricGroup;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableUtil;
import org.apache.iceberg.flink.sink.DeltaManifestsSerializer;
import org.apache.iceberg.flink.sink.FlinkManifestUtil;
import org.apache.iceberg.flink.sink.ManifestOutputFileFactory;
import org.apache.iceberg.io.WriteResult;
import org.apache.iceberg.CatalogProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committer's recovery rule, without a Flink cluster. */
class VectorlakeCommitterTest {
  @TempDir Path warehouse;

  /** A commit request that records how the committer answered it. */
  private static final class Request implements CommitRequest<VectorlakeCommittable> {
    final VectorlakeCommittable committable;
    boolean alreadyCommitted;

    Request(VectorlakeCommittable committable) {
      this.committable = committable;
    }

    @Override public VectorlakeCommittable getCommittable() { return committable; }
    @Override public int getNumberOfRetries() { return 0; }
    @Override public void signalFailedWithKnownReason(Throwable t) { throw new AssertionError(t); }
    @Override public void signalFailedWithUnknownReason(Throwable t) { throw new AssertionError(t); }
    @Override public void retryLater() { throw new AssertionError("retry"); }
    @Override public void updateAndRetryLater(VectorlakeCommittable c) { throw new AssertionError(); }
    @Override public void signalAlreadyCommitted() { alreadyCommitted = true; }
  }

  private VectorlakeCommittable stage(Collection collection, String job, long checkpoint,
      long firstId, int rows) throws Exception {
    WalBatch batch = new WalBatch();
    for (long id = firstId; id < firstId + rows; id++) {
      batch.insert(TestCollections.row(id, 0));
    }
    StagedWal staged = collection.walWriter().stage(batch, 0);
    Table table = collection.walTable();
    ManifestOutputFileFactory manifests = FlinkManifestUtil.createOutputFileFactory(
        () -> table, table.properties(), job, "operator", 0, 0);
    var delta = FlinkManifestUtil.writeCompletedFiles(
        WriteResult.builder().addDataFiles(staged.files()).build(),
        () -> manifests.create(checkpoint), table.spec(), TableUtil.formatVersion(table));
    return new VectorlakeCommittable(
        SimpleVersionedSerialization.writeVersionAndSerialize(DeltaManifestsSerializer.INSTANCE, delta),
        job, "operator", checkpoint, rows);
  }

  private VectorlakeCommitter committer() {
    return new VectorlakeCommitter(
        Map.of(CatalogProperties.WAREHOUSE_LOCATION, warehouse.toString()), TestCollections.NAME,
        InternalSinkCommitterMetricGroup.wrap(UnregisteredMetricsGroup.createOperatorMetricGroup()));
  }

  @Test
  void committableAtOrBelowTheCommittedCheckpointIsNotCommittedAgain() throws Exception {
    Collection collection = TestCollections.create(warehouse, 2);
    VectorlakeCommittable first = stage(collection, "job-a", 3, 0, 50);
    VectorlakeCommittable second = stage(collection, "job-a", 4, 50, 30);
    try (VectorlakeCommitter committer = committer()) {
      Request one = new Request(first);
      committer.commit(List.of(one));
      assertEquals(50, TestCollections.wal(collection).size());

      // As after a restore from checkpoint 3: the committable of 3 comes again, with 4.
      Request again = new Request(first);
      Request next = new Request(second);
      committer.commit(new ArrayList<>(List.of(next, again)));
      assertTrue(again.alreadyCommitted, "checkpoint 3 was in the WAL already");
      assertTrue(!next.alreadyCommitted);
    }
    assertEquals(80, TestCollections.wal(collection).size());
    collection.walTable().refresh();
    assertEquals("4", collection.walTable().currentSnapshot().summary()
        .get(VectorlakeCommitter.MAX_COMMITTED_CHECKPOINT_ID));
  }

  @Test
  void checkpointIdsOfAnotherJobAreTrackedSeparately() throws Exception {
    Collection collection = TestCollections.create(warehouse, 1);
    try (VectorlakeCommitter committer = committer()) {
      committer.commit(List.of(new Request(stage(collection, "job-a", 7, 0, 10))));
      // A new job (not restored from job-a) numbers its checkpoints from 1 again.
      Request other = new Request(stage(collection, "job-b", 1, 10, 10));
      committer.commit(List.of(other));
      assertTrue(!other.alreadyCommitted);
    }
    assertEquals(20, TestCollections.wal(collection).size());
  }
}
