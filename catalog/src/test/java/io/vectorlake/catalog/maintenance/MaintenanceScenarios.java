package io.vectorlake.catalog.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.schema.Row;
import io.vectorlake.catalog.schema.RowValidator;
import io.vectorlake.catalog.search.SearchHit;
import io.vectorlake.catalog.search.SnapshotSearcher;
import io.vectorlake.catalog.segment.BuildIntent;
import io.vectorlake.catalog.segment.Cleanup;
import io.vectorlake.catalog.segment.CommitConflictException;
import io.vectorlake.catalog.segment.CompactionPlan;
import io.vectorlake.catalog.segment.SealPlan;
import io.vectorlake.catalog.segment.SegmentKind;
import io.vectorlake.catalog.segment.SegmentMetadata;
import io.vectorlake.catalog.segment.SegmentWriter;
import io.vectorlake.catalog.segment.ShardSealer;
import io.vectorlake.catalog.view.CollectionView;
import io.vectorlake.catalog.view.ReadPlan;
import io.vectorlake.catalog.view.ResolvedRow;
import io.vectorlake.catalog.wal.StagedWal;
import io.vectorlake.catalog.wal.WalBatch;
import io.vectorlake.catalog.wal.WalHistoryExpiredException;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
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
  static final CollectionSchema SCHEMA =
      CollectionSchema.builder()
          .field(FieldSchema.primaryKey("id", DataType.INT64))
          .field(FieldSchema.floatVector("v", 2, MetricType.L2))
          .field(FieldSchema.builder("n", DataType.INT32))
          .shards(2)
          .build();
  private static final RowValidator VALIDATOR = new RowValidator(SCHEMA);
  private static final int KEYS = 300;

  /** Aggressive: nothing but what is needed survives, orphans go at once. */
  static final RetentionPolicy NO_WINDOW = RetentionPolicy.DEFAULTS
      .withMaxAge(Duration.ZERO).withMinSnapshots(3).withOrphanGrace(Duration.ZERO);

  private final Supplier<Warehouse> warehouses;

  MaintenanceScenarios(Supplier<Warehouse> warehouses) {
    this.warehouses = warehouses;
  }

  /** The model of a collection: key to validated row. */
  static final class Model {
    final Map<Object, Row> rows = new TreeMap<>();

    synchronized void apply(WalBatch batch) {
      for (WalBatch.Op op : batch.ops()) {
        switch (op.op()) {
          case DELETE -> rows.remove(op.primaryKey());
          default -> rows.put(op.row().get("id"), VALIDATOR.validate(op.row(), false));
        }
      }
    }

    synchronized Map<Object, Row> copy() {
      return new TreeMap<>(rows);
    }
  }

  static WalBatch randomBatch(Random random, int ops) {
    WalBatch batch = new WalBatch();
    for (int i = 0; i < ops; i++) {
      long key = random.nextInt(KEYS);
      int choice = random.nextInt(10);
      if (choice < 2) {
        batch.delete(key);
      } else {
        Map<String, Object> row = Map.of("id", key,
            "v", new float[] {random.nextFloat(), random.nextFloat()}, "n", random.nextInt(1000));
        if (choice < 6) {
          batch.upsert(row);
        } else {
          batch.insert(row);
        }
      }
    }
    return batch;
  }

  static Map<Object, Row> rowsOf(Map<Object, ResolvedRow> resolved) {
    Map<Object, Row> rows = new TreeMap<>();
    resolved.forEach((k, v) -> rows.put(k, v.row()));
    return rows;
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
      Model model = new Model();
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
      Model model = new Model();
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
      Model model = new Model();
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
      Model model = new Model();
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
   * {@code maintain} in a loop while a writer commits, a builder seals and compacts, and a reader
   * reads at Strong consistency: every read equals the model at the position it read, and at the
   * end the collection equals the model.
   */
  void maintainConcurrentWithWriterBuildAndReadsLosesNothing(int commits) throws Exception {
    try (Warehouse warehouse = warehouses.get()) {
      Collection c = warehouse.createCollection(CollectionId.parse("db.busy"), SCHEMA);
      // A short window: readers finish within seconds, so nothing they read is deleted under them.
      RetentionPolicy policy = RetentionPolicy.DEFAULTS.withMaxAge(Duration.ofSeconds(5))
          .withMinSnapshots(2).withOrphanGrace(Duration.ofMinutes(1));
      Maintenance.setPolicy(c, policy);
      Map<Long, WalBatch> log = new ConcurrentHashMap<>();
      List<Map.Entry<Long, Map<Object, Row>>> reads = new CopyOnWriteArrayList<>();
      AtomicBoolean writing = new AtomicBoolean(true);
      List<MaintenanceReport> reports = new CopyOnWriteArrayList<>();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        Future<?> writer = pool.submit(() -> {
          Random random = new Random(21);
          try {
            for (int i = 0; i < commits; i++) {
              WalBatch batch = randomBatch(random, 4);
              log.put(c.walWriter().commit(batch).position(), batch);
            }
          } finally {
            writing.set(false);
          }
          return null;
        });
        Future<?> builder = pool.submit(() -> {
          int round = 0;
          while (writing.get()) {
            try {
              SealPlan.of(c).runLocally(c, 300, 1);
              if (++round % 4 == 0) {
                CompactionPlan.of(c, 0.2, 100, false).runLocally(c, 300, 1);
              }
            } catch (CommitConflictException e) {
              // maintenance or the other job committed first: plan again
            }
            Thread.sleep(50);
          }
          return null;
        });
        Future<?> reader = pool.submit(() -> {
          while (writing.get()) {
            CollectionView view = CollectionView.latest(c);
            reads.add(Map.entry(view.position(), rowsOf(view.rows())));
            Thread.sleep(20);
          }
          return null;
        });
        Future<?> maintainer = pool.submit(() -> {
          while (writing.get()) {
            try {
              reports.add(Maintenance.run(c, MaintenanceOptions.defaults()));
            } catch (CommitConflictException e) {
              // a build committed during cleanup: the next round retries
            }
            Thread.sleep(300);
          }
          return null;
        });
        writer.get();
        builder.get();
        reader.get();
        maintainer.get();
      } finally {
        pool.shutdownNow();
      }
      Thread.sleep(policy.maxAge().toMillis() + 100);
      SealPlan.of(c).runLocally(c, 300, 1);
      MaintenanceReport finalRun = Maintenance.run(c, MaintenanceOptions.defaults());
      reports.add(finalRun);

      TreeMap<Long, WalBatch> ordered = new TreeMap<>(log);
      assertEquals(commits, ordered.size());
      Map<Long, Map<Object, Row>> expectedAt = new HashMap<>();
      Model model = new Model();
      for (Map.Entry<Long, WalBatch> e : ordered.entrySet()) {
        model.apply(e.getValue());
        expectedAt.put(e.getKey(), model.copy());
      }
      for (Map.Entry<Long, Map<Object, Row>> read : reads) {
        Map.Entry<Long, WalBatch> floor = ordered.floorEntry(read.getKey());
        Map<Object, Row> expected = floor == null ? Map.of() : expectedAt.get(floor.getKey());
        assertEquals(expected, read.getValue(), "Strong read at position " + read.getKey());
      }
      assertTrue(reads.size() > 10, "reads: " + reads.size());
      assertEquals(model.copy(), rowsOf(CollectionView.latest(c).rows()));
      assertTrue(reports.stream().mapToInt(MaintenanceReport::expiredWalSnapshots).sum() > 0);
      assertTrue(reports.stream().mapToInt(MaintenanceReport::retiredWalFiles).sum() > 0);
      assertSearchFindsEveryRow(c, model);
    }
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

  /** Every row of the model is its own nearest neighbour (the vectors are distinct enough). */
  private static void assertSearchFindsEveryRow(Collection c, Model model) throws Exception {
    Map<Object, Row> rows = model.copy();
    try (SnapshotSearcher searcher = SnapshotSearcher.open(c, ReadPlan.of(c, c.walPosition()),
        "v", Path.of(System.getProperty("java.io.tmpdir"), "vectorlake-maint-cache-"
            + System.nanoTime()))) {
      int found = 0;
      for (Map.Entry<Object, Row> e : rows.entrySet()) {
        List<SearchHit> hits = searcher.search((float[]) e.getValue().get("v"), 3, 64, null);
        if (hits.stream().anyMatch(h -> h.primaryKey().equals(e.getKey()))) {
          found++;
        }
      }
      assertTrue(found >= rows.size() * 0.95, "found " + found + " of " + rows.size());
    }
  }

  private static int size(Iterable<?> items) {
    int n = 0;
    for (Object ignored : items) {
      n++;
    }
    return n;
  }

  private static int listFiles(Table table, String prefix) {
    int n = 0;
    for (FileInfo ignored : ((SupportsPrefixOperations) table.io()).listPrefix(prefix)) {
      n++;
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
