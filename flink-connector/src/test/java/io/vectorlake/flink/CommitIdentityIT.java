package io.vectorlake.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.wal.WalBatch;
import io.vectorlake.catalog.wal.WalRecord;
import io.vectorlake.catalog.warehouse.Collection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sink tells its own commits from everyone else's: across restarts that exactly-once has to
 * survive beyond a failover (a fresh start under a job id used before, a restore from an older
 * savepoint, a restore after snapshot expiry) and with two sinks on one collection. Every job runs
 * on its own local MiniCluster (as each deployment of a Flink application cluster would), since one
 * cluster refuses a job id it has run already. Outcomes are checked against a model of the ops
 * the sources sent: every (key, version) the WAL must hold, each exactly once.
 */
class CommitIdentityIT {
  private static final long KEYS = 600;
  private static final long WAVE = 50;

  @TempDir Path warehouse;
  @TempDir Path logs;

  /**
   * Issue 12.1, Flink application mode with HA: every deployment has the same job id. A first run
   * commits checkpoints 1..12 or more; a second run started without state under that job id
   * numbers its checkpoints from 1 again. Before the fix the committer took them for checkpoints
   * it had committed, and dropped every row of the second run.
   */
  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void freshStartUnderAJobIdUsedBeforeCommitsEveryRow() throws Exception {
    Collection collection = TestCollections.create(warehouse, 2);
    JobID jobId = new JobID();
    Path firstLog = Files.createDirectory(logs.resolve("first"));
    JobClient first = submit(
        new CheckpointedWaves(0, KEYS, WAVE, 0, firstLog, true), jobId, null, null);
    VectorlakeSinkIT.waitFor(() -> TestCollections.wal(collection).size() >= KEYS, "first run");
    LocalJobs.cancel(first);

    Path secondLog = Files.createDirectory(logs.resolve("second"));
    JobClient second = submit(
        new CheckpointedWaves(10_000, 150, WAVE, 0, secondLog, false), jobId, null, null);
    second.getJobExecutionResult().get();

    long firstRunLast = Collections.max(CheckpointedWaves.waveCheckpoints(firstLog).keySet());
    long secondRunLast = Collections.max(CheckpointedWaves.waveCheckpoints(secondLog).keySet());
    assertTrue(secondRunLast < firstRunLast, "scenario: the second run reuses checkpoint ids "
        + "1.." + secondRunLast + " of the first (1.." + firstRunLast + ")");
    Map<String, Integer> expected = new HashMap<>();
    expectOnce(expected, 0, KEYS, 0);
    expectOnce(expected, 10_000, 150, 0);
    assertOps(expected, opsIn(collection));
  }

  /**
   * Issue 12.1 and apache/iceberg#10892: a job with a fixed job id is rewound to a savepoint
   * taken at key 200, after which it had committed the rest. The restored job commits the
   * checkpoint of the savepoint not again, and every op it sends after the savepoint (here in
   * version 1) although its checkpoint ids are ones the first run had committed already.
   */
  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void restoreFromAnOlderSavepointCommitsExactlyTheOpsAfterIt(@TempDir Path savepoints)
      throws Exception {
    Collection collection = TestCollections.create(warehouse, 2);
    JobID jobId = new JobID();
    long savepointAt = 200;
    Path firstLog = Files.createDirectory(logs.resolve("first"));
    JobClient first = submit(
        new CheckpointedWaves(0, KEYS, WAVE, 0, firstLog, true, savepointAt), jobId, null, null);
    CheckpointedWaves.awaitHeld(firstLog);
    String savepoint =
        first.triggerSavepoint(savepoints.toUri().toString(), SavepointFormatType.CANONICAL).get();
    CheckpointedWaves.release(firstLog);
    VectorlakeSinkIT.waitFor(() -> TestCollections.wal(collection).size() >= KEYS, "first run");
    LocalJobs.cancel(first);

    Path secondLog = Files.createDirectory(logs.resolve("second"));
    JobClient second = submit(
        new CheckpointedWaves(0, KEYS, WAVE, 1, secondLog, false), jobId, savepoint, null);
    second.getJobExecutionResult().get();

    long firstRunLast = Collections.max(CheckpointedWaves.waveCheckpoints(firstLog).keySet());
    long secondRunFirst = Collections.min(CheckpointedWaves.waveCheckpoints(secondLog).keySet());
    assertTrue(secondRunFirst <= firstRunLast, "scenario: the restored run's checkpoint "
        + secondRunFirst + " has an id the first run committed (up to " + firstRunLast + ")");
    Map<String, Integer> expected = new HashMap<>();
    expectOnce(expected, 0, KEYS, 0);
    expectOnce(expected, savepointAt, KEYS - savepointAt, 1);
    assertOps(expected, opsIn(collection));
    Map<Long, Map<String, Object>> rows = new HashMap<>();
    for (long id = 0; id < KEYS; id++) {
      rows.put(id, TestCollections.row(id, id < savepointAt ? 0 : 1));
    }
    TestCollections.assertResolvesTo(collection, rows);
  }

  /**
   * Issue 11.2: the record of committed checkpoints lived in snapshot summaries. Another writer
   * commits after the Flink job, snapshot expiry removes every snapshot but that one, and the job
   * is restored from a retained checkpoint whose committable it had committed. Before the fix the
   * committer found no record and tried to commit it again (its staged manifest deleted already).
   */
  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void restoreAfterSnapshotExpiryCommitsNothingTwice(@TempDir Path checkpoints) throws Exception {
    Collection collection = TestCollections.create(warehouse, 2);
    JobID jobId = new JobID();
    Path firstLog = Files.createDirectory(logs.resolve("first"));
    JobClient first = submit(
        new CheckpointedWaves(0, KEYS, 2 * WAVE, 0, firstLog, true), jobId, null, checkpoints);
    VectorlakeSinkIT.waitFor(() -> TestCollections.wal(collection).size() >= KEYS, "first run");
    LocalJobs.cancel(first);

    WalBatch other = new WalBatch();
    for (long id = 50_000; id < 50_010; id++) {
      other.upsert(TestCollections.row(id, 0));
    }
    collection.walWriter().commit(other);
    Table wal = collection.walTable();
    wal.refresh();
    wal.expireSnapshots().expireOlderThan(wal.currentSnapshot().timestampMillis() + 1).commit();
    wal.refresh();
    int snapshotsLeft = 0;
    for (var ignored : wal.snapshots()) {
      snapshotsLeft++;
    }
    assertEquals(1, snapshotsLeft, "expiry kept only the current snapshot");

    // The third wave's checkpoint: it holds a committable the first run committed, and the first
    // run went on committing later waves.
    TreeMap<Long, Long> waves = new TreeMap<>(CheckpointedWaves.waveCheckpoints(firstLog));
    long restored = new ArrayList<>(waves.keySet()).get(2);
    long restoredPosition = waves.get(restored);
    Path retained = checkpoints.resolve(jobId.toHexString()).resolve("chk-" + restored);
    assertTrue(Files.isDirectory(retained), "retained checkpoint " + retained);

    Path secondLog = Files.createDirectory(logs.resolve("second"));
    JobClient second = submit(new CheckpointedWaves(0, KEYS, 2 * WAVE, 1, secondLog, false),
        new JobID(), retained.toUri().toString(), null);
    second.getJobExecutionResult().get();

    Map<String, Integer> expected = new HashMap<>();
    expectOnce(expected, 0, KEYS, 0);
    expectOnce(expected, 50_000, 10, 0);
    expectOnce(expected, restoredPosition, KEYS - restoredPosition, 1);
    assertOps(expected, opsIn(collection));
  }

  /**
   * Issue 12.2: two sinks on one collection in one job, the first with the default uid, share the
   * job id and every checkpoint id; each commits all of its rows, and only its own.
   */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void twoSinksOnOneCollectionInOneJobCommitAllTheirRows() throws Exception {
    Collection collection = TestCollections.create(warehouse, 2);
    StreamExecutionEnvironment env = LocalJobs.environment(new JobID(), null, null);
    @SuppressWarnings("deprecation") // addSource: see CheckpointedWaves
    var first = env.addSource(new CheckpointedWaves(0, 300, WAVE, 0,
        Files.createDirectory(logs.resolve("first")), false), "first").setParallelism(1).uid("first");
    @SuppressWarnings("deprecation")
    var second = env.addSource(new CheckpointedWaves(20_000, 200, WAVE, 0,
        Files.createDirectory(logs.resolve("second")), false), "second").setParallelism(1)
        .uid("second");
    VectorlakeSink.builder().warehouse(warehouse.toString()).collection(TestCollections.NAME)
        .append(first);
    VectorlakeSink.builder().warehouse(warehouse.toString()).collection(TestCollections.NAME)
        .uidSuffix("second-sink").append(second);
    env.execute("two sinks");

    Map<String, Integer> expected = new HashMap<>();
    expectOnce(expected, 0, 300, 0);
    expectOnce(expected, 20_000, 200, 0);
    assertOps(expected, opsIn(collection));
  }

  /** Submits a job of {@code source} into the sink, on a MiniCluster of its own. */
  private JobClient submit(CheckpointedWaves source, JobID jobId, String restoreFrom,
      Path retainCheckpointsIn) throws Exception {
    StreamExecutionEnvironment env =
        LocalJobs.environment(jobId, restoreFrom, retainCheckpointsIn);
    @SuppressWarnings("deprecation") // addSource: see CheckpointedWaves
    var ops = env.addSource(source, "waves").setParallelism(1).uid("waves");
    VectorlakeSink.builder()
        .warehouse(warehouse.toString())
        .collection(TestCollections.NAME)
        .append(ops);
    return env.executeAsync("waves");
  }

  private static void expectOnce(Map<String, Integer> expected, long first, long count,
      int version) {
    for (long id = first; id < first + count; id++) {
      expected.merge(id + " v" + version, 1, Integer::sum);
    }
  }

  /** Fails with what is missing and what is there too often, not with two maps of 1,000 ops. */
  private static void assertOps(Map<String, Integer> expected, Map<String, Integer> actual) {
    List<String> missing = new ArrayList<>();
    List<String> wrongCount = new ArrayList<>();
    expected.forEach((op, times) -> {
      int got = actual.getOrDefault(op, 0);
      if (got == 0) {
        missing.add(op);
      } else if (got != times) {
        wrongCount.add(op + " x" + got);
      }
    });
    actual.keySet().stream().filter(op -> !expected.containsKey(op))
        .forEach(op -> wrongCount.add(op + " x" + actual.get(op) + " (unexpected)"));
    if (!missing.isEmpty() || !wrongCount.isEmpty()) {
      Collections.sort(missing);
      Collections.sort(wrongCount);
      throw new AssertionError(missing.size() + " ops missing from the WAL "
          + missing.subList(0, Math.min(10, missing.size())) + "; " + wrongCount.size()
          + " ops there a wrong number of times "
          + wrongCount.subList(0, Math.min(10, wrongCount.size())));
    }
  }

  /** How often each (key, version) is in the WAL. */
  private static Map<String, Integer> opsIn(Collection collection) {
    Map<String, Integer> ops = new HashMap<>();
    List<WalRecord> wal = TestCollections.wal(collection);
    for (WalRecord record : wal) {
      String title = (String) record.row().get("title");
      ops.merge(record.primaryKey() + title.substring(title.lastIndexOf(' ')), 1, Integer::sum);
    }
    return ops;
  }
}
