package io.vectorlake.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.wal.StagedWal;
import io.vectorlake.catalog.wal.WalBatch;
import io.vectorlake.catalog.wal.WalRecord;
import io.vectorlake.catalog.warehouse.Collection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.connector.sink2.Committer.CommitRequest;
import org.apache.flink.core.io.SimpleVersionedSerialization;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.runtime.metrics.groups.InternalSinkCommitterMetricGroup;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableUtil;
import org.apache.iceberg.flink.sink.DeltaManifestsSerializer;
import org.apache.iceberg.flink.sink.FlinkManifestUtil;
import org.apache.iceberg.flink.sink.ManifestOutputFileFactory;
import org.apache.iceberg.io.WriteResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committer's recovery rule with hand-made committables, without a Flink cluster. */
class VectorlakeCommitterTest {
  private static final String JOB = "job-a";
  private static final String OPERATOR = "operator";

  @TempDir Path warehouse;
  private int attempts;

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

  /** Stages keys {@code firstId ..} and wraps them as the aggregator would for this run. */
  private VectorlakeCommittable stage(Collection collection, String job, String run,
      long checkpoint, long firstId, int rows) throws Exception {
    WalBatch batch = new WalBatch();
    for (long id = firstId; id < firstId + rows; id++) {
      batch.insert(TestCollections.row(id, 0));
    }
    StagedWal staged = collection.walWriter().stage(batch, 0);
    Table table = collection.walTable();
    ManifestOutputFileFactory manifests = FlinkManifestUtil.createOutputFileFactory(
        () -> table, table.properties(), job, OPERATOR + "-" + run, 0, attempts++);
    var delta = FlinkManifestUtil.writeCompletedFiles(
        WriteResult.builder().addDataFiles(staged.files()).build(),
        () -> manifests.create(checkpoint), table.spec(), TableUtil.formatVersion(table));
    return new VectorlakeCommittable(
        SimpleVersionedSerialization.writeVersionAndSerialize(DeltaManifestsSerializer.INSTANCE, delta),
        job, OPERATOR, run, checkpoint, rows);
  }

  private VectorlakeCommitter committer() {
    return new VectorlakeCommitter(
        Map.of(CatalogProperties.WAREHOUSE_LOCATION, warehouse.toString()), TestCollections.NAME,
        InternalSinkCommitterMetricGroup.wrap(UnregisteredMetricsGroup.createOperatorMetricGroup()));
  }

  private static Request commit(VectorlakeCommitter committer, VectorlakeCommittable c)
      throws Exception {
    Request request = new Request(c);
    committer.commit(List.of(request));
    return request;
  }

  private static Set<Long> keysOnce(Collection collection) {
    Set<Long> keys = new TreeSet<>();
    for (WalRecord record : TestCollections.wal(collection)) {
      assertTrue(keys.add((Long) record.primaryKey()), "key " + record.primaryKey() + " twice");
    }
    return keys;
  }

  private static Set<Long> range(long first, long end) {
    Set<Long> keys = new TreeSet<>();
    for (long id = first; id < end; id++) {
      keys.add(id);
    }
    return keys;
  }

  private static void expireAllButTheCurrentSnapshot(Collection collection) {
    Table table = collection.walTable();
    table.refresh();
    table.expireSnapshots().expireOlderThan(table.currentSnapshot().timestampMillis() + 1).commit();
  }

  @Test
  void committableAtOrBelowItsRunsCommittedCheckpointIsNotCommittedAgain() throws Exception {
    Collection collection = TestCollections.create(warehouse, 2);
    VectorlakeCommittable first = stage(collection, JOB, "run-1", 3, 0, 50);
    VectorlakeCommittable second = stage(collection, JOB, "run-1", 4, 50, 30);
    try (VectorlakeCommitter committer = committer()) {
      committer.commit(List.of(new Request(first)));
      assertEquals(50, TestCollections.wal(collection).size());

      // As after a restore from checkpoint 3: the committable of 3 comes again, with 4.
      Request again = new Request(first);
      Request next = new Request(second);
      committer.commit(new ArrayList<>(List.of(next, again)));
      assertTrue(again.alreadyCommitted, "checkpoint 3 was in the WAL already");
      assertFalse(next.alreadyCommitted);
    }
    assertEquals(range(0, 80), keysOnce(collection));
    collection.walTable().refresh();
    assertEquals("4", collection.walTable().currentSnapshot().summary()
        .get(VectorlakeCommitter.MAX_COMMITTED_CHECKPOINT_ID));
  }

  /**
   * Issue 12.1: a job deployed again under its job id (application mode with HA), started
   * without state, numbers its checkpoints 1, 2, 3 after the previous run committed 1..5.
   */
  @Test
  void newRunOfTheSameJobIdCommitsCheckpointIdsAnEarlierRunCommitted() throws Exception {
    Collection collection = TestCollections.create(warehouse, 2);
    try (VectorlakeCommitter committer = committer()) {
      for (long checkpoint = 1; checkpoint <= 5; checkpoint++) {
        commit(committer, stage(collection, JOB, "run-1", checkpoint, checkpoint * 100, 10));
      }
    }
    try (VectorlakeCommitter committer = committer()) {
      for (long checkpoint = 1; checkpoint <= 3; checkpoint++) {
        Request request =
            commit(committer, stage(collection, JOB, "run-2", checkpoint, checkpoint * 1000, 10));
        assertFalse(request.alreadyCommitted, "checkpoint " + checkpoint + " of the new run");
      }
    }
    Set<Long> expected = new TreeSet<>();
    for (long checkpoint = 1; checkpoint <= 5; checkpoint++) {
      expected.addAll(range(checkpoint * 100, checkpoint * 100 + 10));
    }
    for (long checkpoint = 1; checkpoint <= 3; checkpoint++) {
      expected.addAll(range(checkpoint * 1000, checkpoint * 1000 + 10));
    }
    assertEquals(expected, keysOnce(collection));
  }

  /**
   * Issue 12.2: two sinks on one collection under one job id and operator id (two jobs with the
   * default uid) interleave their checkpoints; neither takes the other's for its own.
   */
  @Test
  void twoSinksWithTheSameJobAndOperatorKeepTheirOwnRecord() throws Exception {
    Collection collection = TestCollections.create(warehouse, 1);
    VectorlakeCommittable a = stage(collection, JOB, "run-a", 7, 0, 10);
    VectorlakeCommittable b = stage(collection, JOB, "run-b", 2, 10, 10);
    try (VectorlakeCommitter one = committer(); VectorlakeCommitter other = committer()) {
      assertFalse(commit(one, a).alreadyCommitted);
      assertFalse(commit(other, b).alreadyCommitted, "run b's checkpoint 2 is not run a's");
      assertTrue(commit(one, a).alreadyCommitted);
      assertTrue(commit(other, b).alreadyCommitted);
    }
    assertEquals(range(0, 20), keysOnce(collection));
  }

  /**
   * Issue 11.2: the record of a commit outlives its snapshot. Another writer commits, snapshot
   * expiry removes the sink's snapshots, and a restore hands over a committable of that run and
   * checkpoint again (here with a manifest of its own, so only the record can tell).
   */
  @Test
  void committedCheckpointIsRecognisedAfterItsSnapshotExpired() throws Exception {
    Collection collection = TestCollections.create(warehouse, 2);
    try (VectorlakeCommitter committer = committer()) {
      commit(committer, stage(collection, JOB, "run-1", 3, 0, 20));
      WalBatch other = new WalBatch();
      for (long id = 500; id < 505; id++) {
        other.insert(TestCollections.row(id, 0));
      }
      collection.walWriter().commit(other);
      expireAllButTheCurrentSnapshot(collection);

      Request again = commit(committer, stage(collection, JOB, "run-1", 3, 1000, 20));
      Request next = commit(committer, stage(collection, JOB, "run-1", 4, 20, 20));
      assertTrue(again.alreadyCommitted, "checkpoint 3 of run-1 is recorded as committed");
      assertFalse(next.alreadyCommitted);
    }
    Set<Long> expected = range(0, 40);
    expected.addAll(range(500, 505));
    assertEquals(expected, keysOnce(collection));
  }

  /** Tables written by the Vectorlake that kept the record in snapshot summaries only. */
  @Test
  void versionOneCommittableIsCheckedAgainstTheSnapshotSummariesOfItsTime() throws Exception {
    Collection collection = TestCollections.create(warehouse, 1);
    String run = VectorlakeCommittable.versionOneRunId(JOB, OPERATOR);
    // What that version committed for checkpoint 5: the files, and the record in the summary.
    VectorlakeCommittable old = stage(collection, JOB, run, 5, 0, 10);
    WalBatch batch = new WalBatch();
    for (long id = 0; id < 10; id++) {
      batch.insert(TestCollections.row(id, 0));
    }
    collection.walWriter().commit(batch, Map.of(
        VectorlakeCommitter.FLINK_JOB_ID, JOB,
        VectorlakeCommitter.OPERATOR_ID, OPERATOR,
        VectorlakeCommitter.MAX_COMMITTED_CHECKPOINT_ID, "5"));

    try (VectorlakeCommitter committer = committer()) {
      assertTrue(commit(committer, old).alreadyCommitted, "recorded in a snapshot summary");
      VectorlakeCommittable newer = stage(collection, JOB, run, 6, 10, 10);
      assertFalse(commit(committer, newer).alreadyCommitted);
      expireAllButTheCurrentSnapshot(collection);
      // Committed by this version, so recorded in the properties: expiry does not matter.
      assertTrue(commit(committer, stage(collection, JOB, run, 6, 2000, 10)).alreadyCommitted);
    }
    assertEquals(range(0, 20), keysOnce(collection));
  }

  @Test
  void recordKeepsTheMostRecentlyCommittedRunsUpToTheLimit() throws Exception {
    Collection collection = TestCollections.create(warehouse, 1);
    collection.walTable().updateProperties().set(CommittedCheckpoints.MAX_RUNS, "3").commit();
    try (VectorlakeCommitter committer = committer()) {
      for (int run = 1; run <= 5; run++) {
        commit(committer, stage(collection, JOB, "run-" + run, 1, run * 10, 10));
      }
      // run-3 commits again, so run-4 is now the least recently committed one.
      commit(committer, stage(collection, JOB, "run-3", 2, 100, 10));
    }
    Table table = collection.walTable();
    table.refresh();
    Set<String> runs = new TreeSet<>();
    table.properties().keySet().stream()
        .filter(key -> key.startsWith(CommittedCheckpoints.PREFIX))
        .forEach(key -> runs.add(key.substring(CommittedCheckpoints.PREFIX.length())));
    assertEquals(Set.of("run-3", "run-4", "run-5"), runs);
    assertTrue(table.properties().get(CommittedCheckpoints.PREFIX + "run-3")
        .startsWith("checkpoint=2;"), table.properties().toString());
  }

  /** A committable neither recorded nor committable (its manifest gone) fails, saying why. */
  @Test
  void goneManifestOfAnUnrecordedCheckpointFailsWithWhatToDo() throws Exception {
    Collection collection = TestCollections.create(warehouse, 1);
    VectorlakeCommittable committable = stage(collection, JOB, "run-1", 3, 0, 10);
    try (VectorlakeCommitter committer = committer()) {
      commit(committer, committable);
      Table table = collection.walTable();
      table.refresh();
      table.updateProperties().remove(CommittedCheckpoints.PREFIX + "run-1").commit();

      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> commit(committer, committable));
      assertTrue(e.getMessage().contains("checkpoint 3 of sink run run-1"), e.getMessage());
      assertTrue(e.getMessage().contains("Restore the job from a newer checkpoint"),
          e.getMessage());
    }
    assertEquals(range(0, 10), keysOnce(collection));
  }
}
