package io.vectorlake.catalog.maintenance;

import static io.vectorlake.catalog.maintenance.OpsModel.SCHEMA;
import static io.vectorlake.catalog.maintenance.OpsModel.assertSearchFindsEveryRow;
import static io.vectorlake.catalog.maintenance.OpsModel.randomBatch;
import static io.vectorlake.catalog.maintenance.OpsModel.rowsOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.schema.Row;
import io.vectorlake.catalog.segment.BuildIntent;
import io.vectorlake.catalog.segment.Cleanup;
import io.vectorlake.catalog.segment.CompactionPlan;
import io.vectorlake.catalog.segment.SealPlan;
import io.vectorlake.catalog.segment.SegmentKind;
import io.vectorlake.catalog.segment.SegmentMetadata;
import io.vectorlake.catalog.segment.SegmentWriter;
import io.vectorlake.catalog.segment.ShardSealer;
import io.vectorlake.catalog.view.CollectionView;
import io.vectorlake.catalog.wal.StagedWal;
import io.vectorlake.catalog.wal.WalBatch;
import io.vectorlake.catalog.wal.WalHistoryExpiredException;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * Maintenance scenarios run on every kind of warehouse (the local Hadoop catalog, JDBC + S3), each
 * checked against a model of the ops: a map of key to row, changed op by op.
 */
final class MaintenanceScenarios {
  /** Aggressive: nothing but what is needed survives, orphans go at once. */
  static final RetentionPolicy NO_WINDOW = RetentionPolicy.DEFAULTS
      .withMaxAge(Duration.ZERO).withMinSnapshots(3).withOrphanGrace(Duration.ZERO);

  private final Supplier<Warehouse> warehouses;

  MaintenanceScenarios(Supplier<Warehouse> warehouses) {
    this.warehouses = warehouses;
  }


  /**
   * Hundreds of commits with seals, compactions and maintenance without a window in between: the
   * newest view always matches the model, the WAL keeps a bounded number of snapshots and files,
   * every position still readable reads as it did, and an expired one fails naming the oldest.
   */
  void hundredsOfCommitsStayBoundedAndExact(int commits) throws Exception {
    try (Warehouse warehouse = warehouses.get()) {
      Collection c = warehouse.createCollection(CollectionId.parse("db.long"), SCHEMA);
      Random random = new Random(11);
      OpsModel.Model model = new OpsModel.Model();
      Map<Long, Map<Object, Row>> history = new HashMap<>();
      MaintenanceOptions options = MaintenanceOptions.defaults().withPolicy(NO_WINDOW);
      int cycle = 30;
      MaintenanceReport last = null;
      int retiredWal = 0;
      int deletedWal = 0;
      for (int i = 1; i <= commits; i++) {
        WalBatch batch = randomBatch(random, 6);
        long position = c.walWriter().commit(batch).position();
        model.apply(batch);
        history.put(position, model.copy());
        if (i % cycle == 0) {
          SealPlan.of(c).runLocally(c, 200, 1);
          if (i % (3 * cycle) == 0) {
            CompactionPlan.of(c, 0.2, 50, false).runLocally(c, 200, 1);
          }
          last = Maintenance.run(c, options);
          retiredWal += last.retiredWalFiles();
          deletedWal += last.deletedWalFiles();
          assertEquals(model.copy(), rowsOf(CollectionView.latest(c).rows()), "after commit " + i);
          assertTrue(c.walTable().currentSnapshot() != null);
          int snapshots = size(c.walTable().snapshots());
          assertTrue(snapshots <= NO_WINDOW.minSnapshots() + 2,
              "WAL snapshots kept after commit " + i + ": " + snapshots);
          assertTrue(size(c.segmentCatalog().table().snapshots()) <= NO_WINDOW.minSnapshots() + 2);
        }
      }
      assertTrue(retiredWal > 0 && deletedWal > 0, "sealed WAL files left the WAL and the disk");
      int onDisk = listFiles(c.walTable(), c.walTable().location() + "/data/");
      assertTrue(onDisk <= 2 * cycle * SCHEMA.shards() + SCHEMA.shards(),
          "WAL files on storage after " + commits + " commits: " + onDisk);
      assertEquals(0, liveWalFiles(c.walTable()) - filesAbove(c.walTable(),
          c.segmentCatalog().current().watermark()), "the WAL lists only unsealed files");

      long oldest = last.oldestReadablePosition();
      assertTrue(oldest > 1);
      for (Map.Entry<Long, Map<Object, Row>> e : history.entrySet()) {
        if (e.getKey() >= oldest) {
          assertEquals(e.getValue(), rowsOf(CollectionView.at(c, e.getKey()).rows()),
              "time travel to " + e.getKey());
        }
      }
      WalHistoryExpiredException expired = assertThrows(WalHistoryExpiredException.class,
          () -> CollectionView.at(c, oldest - 1));
      assertTrue(expired.getMessage().contains("oldest readable position is " + oldest),
          expired.getMessage());
    }
  }

  /** Inside the window nothing a reader may ask for goes: every older position reads as it did. */
  void timeTravelInsideTheWindowStillWorks() throws Exception {
    try (Warehouse warehouse = warehouses.get()) {
      Collection c = warehouse.createCollection(CollectionId.parse("db.window"), SCHEMA);
      Random random = new Random(5);
      OpsModel.Model model = new OpsModel.Model();
      Map<Long, Map<Object, Row>> history = new HashMap<>();
      for (int i = 1; i <= 40; i++) {
        WalBatch batch = randomBatch(random, 5);
        long position = c.walWriter().commit(batch).position();
        model.apply(batch);
        history.put(position, model.copy());
        if (i % 10 == 0) {
          SealPlan.of(c).runLocally(c, 200, 1);
        }
      }
      Maintenance.setPolicy(c, RetentionPolicy.DEFAULTS.withMaxAge(Duration.ofHours(1))
          .withMinSnapshots(1));
      MaintenanceReport report = Maintenance.run(c, MaintenanceOptions.defaults());
      assertEquals(0, report.expiredWalSnapshots());
      assertEquals(0, report.retiredWalFiles());
      assertEquals(1, report.oldestReadablePosition());
      history.forEach((position, rows) ->
          assertEquals(rows, rowsOf(CollectionView.at(c, position).rows()), "at " + position));
    }
  }

  /**
   * A writer that staged WAL files and died before its commit (Flink failover, a lost Spark task,
   * a server killed in a group commit) leaves orphans: kept inside the grace period, then deleted;
   * committed files are never touched.
   */
  void orphanWalFilesGoAfterTheGracePeriod() throws Exception {
    try (Warehouse warehouse = warehouses.get()) {
      Collection c = warehouse.createCollection(CollectionId.parse("db.orphans"), SCHEMA);
      Random random = new Random(3);
      OpsModel.Model model = new OpsModel.Model();
      for (int i = 0; i < 5; i++) {
        WalBatch batch = randomBatch(random, 8);
        c.walWriter().commit(batch);
        model.apply(batch);
      }
      StagedWal dead = c.walWriter().stage(randomBatch(random, 8), 0);
      Table wal = c.walTable();
      List<String> staged = dead.files().stream().map(f -> f.location()).toList();

      MaintenanceReport kept = Maintenance.run(c, MaintenanceOptions.defaults()
          .withPolicy(NO_WINDOW.withOrphanGrace(Duration.ofHours(1))));
      assertEquals(0, kept.orphanWalFiles());
      staged.forEach(f -> assertTrue(wal.io().newInputFile(f).exists(), f));

      MaintenanceReport removed = Maintenance.run(c, MaintenanceOptions.defaults()
          .withPolicy(NO_WINDOW));
      assertEquals(staged.size(), removed.orphanWalFiles());
      staged.forEach(f -> assertFalse(wal.io().newInputFile(f).exists(), f));
      assertEquals(model.copy(), rowsOf(CollectionView.latest(c).rows()));
    }
  }

  /**
   * Issue 12.4: a build writes its segments, a cleanup with grace 0 runs before its commit, then
   * the build commits: its files were protected by its intent, so the collection loads and
   * searches. A dead build's intent expires after the build timeout and stops protecting.
   */
  void cleanupBetweenBuildFilesAndCommitKeepsThem() throws Exception {
    try (Warehouse warehouse = warehouses.get()) {
      Collection c = warehouse.createCollection(CollectionId.parse("db.build"), SCHEMA);
      OpsModel.Model model = new OpsModel.Model();
      Random random = new Random(9);
      for (int i = 0; i < 10; i++) {
        WalBatch batch = randomBatch(random, 20);
        c.walWriter().commit(batch);
        model.apply(batch);
      }
      SealPlan plan = SealPlan.of(c);
      BuildIntent intent = c.segmentCatalog().beginBuild(plan.upTo());
      List<SegmentMetadata> segments = sealAndIndex(c, plan);

      Cleanup.Result cleaned = Cleanup.run(c, 0);
      assertEquals(0, cleaned.deletedFiles(), "the running build's files are protected");
      MaintenanceReport report = Maintenance.run(c, MaintenanceOptions.defaults()
          .withPolicy(NO_WINDOW));
      assertEquals(0, report.deletedSegmentFiles());

      plan.commit(c, segments);
      c.segmentCatalog().endBuild(intent);
      assertEquals(model.copy(), rowsOf(CollectionView.latest(c).rows()));
      assertSearchFindsEveryRow(c, model);

      // A build that died after writing its files: protected until its intent times out.
      SealPlan next = SealPlan.of(c);
      WalBatch more = randomBatch(random, 20);
      c.walWriter().commit(more);
      model.apply(more);
      next = SealPlan.of(c);
      c.segmentCatalog().beginBuild(next.upTo());
      int deadFiles = sealAndIndex(c, next).size();
      assertTrue(deadFiles > 0);
      assertEquals(0, Maintenance.run(c, MaintenanceOptions.defaults().withPolicy(NO_WINDOW))
          .deletedSegmentFiles());
      MaintenanceReport timedOut = Maintenance.run(c, MaintenanceOptions.defaults()
          .withPolicy(NO_WINDOW.withBuildTimeout(Duration.ZERO)));
      assertEquals(1, timedOut.expiredBuildIntents());
      assertTrue(timedOut.deletedSegmentFiles() > 0, "the dead build's files are orphans now");
      assertTrue(c.segmentCatalog().buildIntents().isEmpty());
      SealPlan.of(c).runLocally(c, 1000, 1);
      assertEquals(model.copy(), rowsOf(CollectionView.latest(c).rows()));
      assertSearchFindsEveryRow(c, model);
    }
  }

  /**
   * A Flink job that committed once and stopped for good must not hold the WAL's history back:
   * the sink keeps its exactly-once record in table properties (flink-connector's
   * CommitIdentityIT restores a job after full expiry), so its snapshot expires like any other.
   */
  void stoppedFlinkJobPinsNoHistory() throws Exception {
    try (Warehouse warehouse = warehouses.get()) {
      Collection c = warehouse.createCollection(CollectionId.parse("db.flink"), SCHEMA);
      Random random = new Random(8);
      for (int i = 0; i < 10; i++) {
        c.walWriter().commit(randomBatch(random, 3));
      }
      long flinkSnapshot = c.walWriter().commit(randomBatch(random, 3), Map.of(
          "flink.job-id", "job-1", "flink.operator-id", "op-1",
          "flink.max-committed-checkpoint-id", "7")).snapshotId();
      for (int i = 0; i < 20; i++) {
        c.walWriter().commit(randomBatch(random, 3));
      }
      SealPlan.of(c).runLocally(c, 1000, 1);
      MaintenanceReport report =
          Maintenance.run(c, MaintenanceOptions.defaults().withPolicy(NO_WINDOW));
      assertTrue(report.expiredWalSnapshots() > 20,
          "expired only " + report.expiredWalSnapshots() + " of 31 WAL snapshots");
      c.walTable().refresh();
      assertEquals(null, c.walTable().snapshot(flinkSnapshot), "the Flink job's snapshot expired");
    }
  }

  /**
   * Issue 11, found by bench-metadata: the files of segments that compaction retired stayed on
   * storage for the 3-day orphan grace after cleanup dropped them from the catalog, so the
   * segments folder of a busy collection grew for three days. They go once retired for the
   * retired grace; inside it they stay (a node that loaded them before the compaction still
   * reads them), and the live segments' files are never touched.
   */
  void compactedSegmentFilesGoAfterTheRetiredGrace() throws Exception {
    try (Warehouse warehouse = warehouses.get()) {
      Collection c = warehouse.createCollection(CollectionId.parse("db.compacted"), SCHEMA);
      Random random = new Random(21);
      OpsModel.Model model = new OpsModel.Model();
      for (int seal = 0; seal < 3; seal++) {
        for (int i = 0; i < 5; i++) {
          WalBatch batch = randomBatch(random, 10);
          c.walWriter().commit(batch);
          model.apply(batch);
        }
        SealPlan.of(c).runLocally(c, 1000, 1);
      }
      List<SegmentMetadata> before = c.segmentCatalog().current().live();
      CompactionPlan.of(c, 0.2, 1000, false).runLocally(c, 1000, 1);
      List<SegmentMetadata> compacted = c.segmentCatalog().current().live();
      List<SegmentMetadata> retired =
          before.stream().filter(s -> !compacted.contains(s)).toList();
      assertFalse(retired.isEmpty(), "compaction retired the small segments");
      for (int seal = 0; seal < NO_WINDOW.minSnapshots(); seal++) {
        // Later catalog versions, so that none that is kept lists the retired ones as live.
        WalBatch batch = randomBatch(random, 10);
        c.walWriter().commit(batch);
        model.apply(batch);
        SealPlan.of(c).runLocally(c, 1000, 1);
      }
      List<SegmentMetadata> live = c.segmentCatalog().current().live();
      RetentionPolicy threeDayOrphans = NO_WINDOW.withOrphanGrace(Duration.ofDays(3));

      Maintenance.run(c, MaintenanceOptions.defaults()
          .withPolicy(threeDayOrphans.withRetiredGrace(Duration.ofHours(1))));
      retired.forEach(s -> assertTrue(filesUnder(c, s) > 0, "kept inside the grace: " + s.id()));

      MaintenanceReport report = Maintenance.run(c, MaintenanceOptions.defaults()
          .withPolicy(threeDayOrphans.withRetiredGrace(Duration.ZERO)));
      assertEquals(retired.size(), report.retiredSegments());
      retired.forEach(s -> assertEquals(0, filesUnder(c, s), "files of retired " + s.id()));
      live.forEach(s -> assertTrue(filesUnder(c, s) > 0, "files of live " + s.id()));
      assertEquals(model.copy(), rowsOf(CollectionView.latest(c).rows()));
      assertSearchFindsEveryRow(c, model);
    }
  }

  private static int filesUnder(Collection c, SegmentMetadata segment) {
    return listFiles(c.walTable(), segment.location() + "/");
  }

  private static List<SegmentMetadata> sealAndIndex(Collection c, SealPlan plan) throws Exception {
    ShardSealer sealer = new ShardSealer(c, plan.base(), 1000);
    SegmentWriter writer = new SegmentWriter(c);
    List<SegmentMetadata> out = new ArrayList<>();
    for (int shard = 0; shard < plan.shards(); shard++) {
      for (SegmentMetadata s : sealer.seal(shard, plan.base().watermark(), plan.upTo())) {
        out.add(s.kind() == SegmentKind.ROWS ? writer.buildIndexes(s, 1) : s);
      }
    }
    return out;
  }

  private static int size(Iterable<?> items) {
    int n = 0;
    for (Object ignored : items) {
      n++;
    }
    return n;
  }

  /** Files under a prefix; none when a local folder is gone (cleanup removes emptied ones). */
  private static int listFiles(Table table, String prefix) {
    int n = 0;
    try {
      for (FileInfo ignored : ((SupportsPrefixOperations) table.io()).listPrefix(prefix)) {
        n++;
      }
    } catch (java.io.UncheckedIOException e) {
      if (!(e.getCause() instanceof java.io.FileNotFoundException)) {
        throw e;
      }
    }
    return n;
  }

  private static int liveWalFiles(Table wal) throws Exception {
    return filesAbove(wal, -1);
  }

  private static int filesAbove(Table wal, long watermark) throws Exception {
    wal.refresh();
    int n = 0;
    try (CloseableIterable<FileScanTask> tasks = wal.newScan().planFiles()) {
      for (FileScanTask t : tasks) {
        if (t.file().dataSequenceNumber() > watermark) {
          n++;
        }
      }
    }
    return n;
  }
}
