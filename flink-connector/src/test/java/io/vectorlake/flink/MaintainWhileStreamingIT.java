package io.vectorlake.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.maintenance.Maintenance;
import io.vectorlake.catalog.maintenance.MaintenanceOptions;
import io.vectorlake.catalog.maintenance.MaintenanceReport;
import io.vectorlake.catalog.maintenance.RetentionPolicy;
import io.vectorlake.catalog.schema.Row;
import io.vectorlake.catalog.segment.SealPlan;
import io.vectorlake.catalog.view.CollectionView;
import io.vectorlake.catalog.view.ResolvedRow;
import io.vectorlake.catalog.wal.WalRecord;
import io.vectorlake.catalog.warehouse.Collection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, "done when": {@code maintain} running concurrently with a Flink job, a build and
 * Strong reads loses no row, and a job restored from a retained checkpoint after expiry removed
 * its snapshots commits nothing twice. Checked against a model of the ops the source sent: every
 * WAL op tallied before maintenance could take it out of the WAL, each (key, version) exactly once,
 * and every Strong read a state the ops allow.
 */
class MaintainWhileStreamingIT {
  private static final long KEYS = 1500;
  private static final long WAVE = 50;
  /** No time-travel window; unreferenced files wait an hour, as Flink's staged files must. */
  private static final RetentionPolicy AGGRESSIVE = RetentionPolicy.DEFAULTS
      .withMaxAge(Duration.ZERO).withMinSnapshots(2).withRetiredGrace(Duration.ZERO)
      .withOrphanGrace(Duration.ofHours(1));

  @TempDir Path warehouse;
  @TempDir Path logs;
  @TempDir Path checkpoints;

  private final Map<String, Integer> tally = new HashMap<>();
  private long tallied;
  private int reads;
  private int maintenanceRuns;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void maintainBesideAFlinkJobAndItsRestoreLosesNothingAndCommitsNothingTwice() throws Exception {
    Collection collection = TestCollections.create(warehouse, 2);
    JobID firstId = new JobID();
    Path firstLog = Files.createDirectory(logs.resolve("first"));
    // The first job holds a third of the way in (checkpoints go on), so it is cancelled mid-stream
    // however fast the machine is.
    JobClient first = submit(
        new CheckpointedWaves(0, KEYS, WAVE, 0, firstLog, false, KEYS / 3), firstId, null);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (!Files.exists(firstLog.resolve("held")) || rowsIn(collection) < KEYS / 3) {
      assertTrue(System.nanoTime() < deadline, "the first job never reached its hold position");
      maintainAndCheck(collection);
    }
    maintainAndCheck(collection);
    LocalJobs.cancel(first);
    maintainAndCheck(collection); // expiry takes the cancelled job's snapshots away

    Path retained = newestCheckpoint(checkpoints.resolve(firstId.toHexString()));
    Path secondLog = Files.createDirectory(logs.resolve("second"));
    JobClient second = submit(new CheckpointedWaves(0, KEYS, WAVE, 0, secondLog, false),
        new JobID(), retained.toUri().toString());
    var secondResult = second.getJobExecutionResult();
    while (!secondResult.isDone()) {
      maintainAndCheck(collection);
    }
    secondResult.get();
    maintainAndCheck(collection);
    tallyUpTo(collection, collection.walPosition());

    List<String> wrong = new ArrayList<>();
    for (long id = 0; id < KEYS; id++) {
      int times = tally.getOrDefault(id + " v0", 0);
      if (times != 1) {
        wrong.add(id + " x" + times);
      }
    }
    assertEquals(List.of(), wrong.subList(0, Math.min(20, wrong.size())),
        wrong.size() + " ops not in the WAL exactly once");
    assertEquals(KEYS, tally.values().stream().mapToInt(Integer::intValue).sum());
    Map<Long, Map<String, Object>> expected = new HashMap<>();
    for (long id = 0; id < KEYS; id++) {
      expected.put(id, TestCollections.row(id, 0));
    }
    TestCollections.assertResolvesTo(collection, expected);
    assertTrue(maintenanceRuns >= 3 && reads >= 3,
        "scenario: " + maintenanceRuns + " maintenance runs, " + reads + " reads");
  }

  /**
   * One round of the other tiers: a build (its range tallied before maintenance may take it out
   * of the WAL), maintenance with compaction, and a Strong read checked against the model.
   */
  private void maintainAndCheck(Collection c) throws Exception {
    SealPlan build = SealPlan.of(c);
    tallyUpTo(c, build.upTo());
    build.runLocally(c, 1000, 1);
    MaintenanceReport report = Maintenance.run(c,
        MaintenanceOptions.defaults().withPolicy(AGGRESSIVE).withCompaction(true));
    maintenanceRuns++;
    assertTrue(report.orphanWalFiles() == 0, "Flink's staged files are not orphans: " + report);
    checkStrongRead(c);
  }

  /** Counts each (key, version) the WAL holds in (tallied, upTo]. */
  private void tallyUpTo(Collection c, long upTo) {
    if (upTo <= tallied) {
      return;
    }
    for (WalRecord record : c.walReader().read(tallied, upTo)) {
      String title = (String) record.row().get("title");
      tally.merge(record.primaryKey() + title.substring(title.lastIndexOf(' ')), 1, Integer::sum);
    }
    tallied = upTo;
  }

  /** Every row a Strong read returns is the one the source sent for its key, and no key twice. */
  private void checkStrongRead(Collection c) {
    Map<Object, ResolvedRow> rows = CollectionView.latest(c).rows();
    for (Map.Entry<Object, ResolvedRow> e : rows.entrySet()) {
      long id = (Long) e.getKey();
      assertTrue(id >= 0 && id < KEYS, "a key the source never sent: " + id);
      assertEquals(Row.ofCanonical(new HashMap<>(TestCollections.row(id, 0))), e.getValue().row());
    }
    reads++;
  }

  private static long rowsIn(Collection c) {
    return CollectionView.latest(c).rows().size();
  }

  private JobClient submit(CheckpointedWaves source, JobID jobId, String restoreFrom)
      throws Exception {
    StreamExecutionEnvironment env = LocalJobs.environment(jobId, restoreFrom, checkpoints);
    @SuppressWarnings("deprecation") // addSource: see CheckpointedWaves
    var ops = env.addSource(source, "waves").setParallelism(1).uid("waves");
    VectorlakeSink.builder().warehouse(warehouse.toString()).collection(TestCollections.NAME)
        .append(ops);
    return env.executeAsync("waves");
  }

  private static Path newestCheckpoint(Path jobDir) throws Exception {
    try (Stream<Path> dirs = Files.list(jobDir)) {
      return dirs.filter(d -> d.getFileName().toString().startsWith("chk-"))
          .filter(d -> Files.exists(d.resolve("_metadata")))
          .max(Comparator.comparingLong(d -> Long.parseLong(d.getFileName().toString().substring(4))))
          .orElseThrow(() -> new AssertionError("no retained checkpoint under " + jobDir));
    }
  }
}
