package io.vectorlake.indexbuilder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jbellis.jvector.util.Bits;
import io.vectorlake.catalog.dataset.AnnDataset;
import io.vectorlake.catalog.index.Hit;
import io.vectorlake.catalog.index.IndexSpec;
import io.vectorlake.catalog.index.VectorIndex;
import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.maintenance.Maintenance;
import io.vectorlake.catalog.maintenance.MaintenanceOptions;
import io.vectorlake.catalog.maintenance.MaintenanceReport;
import io.vectorlake.catalog.maintenance.RetentionPolicy;
import io.vectorlake.catalog.segment.Cleanup;
import io.vectorlake.catalog.segment.SegmentKind;
import io.vectorlake.catalog.segment.SegmentMetadata;
import io.vectorlake.catalog.segment.SegmentReader;
import io.vectorlake.catalog.segment.SegmentSet;
import io.vectorlake.catalog.segment.SegmentState;
import io.vectorlake.catalog.segment.Tombstone;
import io.vectorlake.catalog.view.CollectionView;
import io.vectorlake.catalog.view.ResolvedRow;
import io.vectorlake.catalog.wal.WalBatch;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Spark index builder on Spark local[2], against the real SIFT vectors. */
@Timeout(300)
class BuildIndexesIT {
  private static SparkSession spark;
  private static AnnDataset sift;

  @TempDir Path dir;
  private Warehouse warehouse;
  private Collection collection;
  private final CollectionId id = CollectionId.parse("db.sift");

  @BeforeAll
  static void start() throws IOException {
    spark = SparkSession.builder().master("local[2]").appName("BuildIndexesIT")
        .config("spark.ui.enabled", "false").getOrCreate();
    sift = AnnDataset.load(Path.of("../../shared/data/sift-5k-128-euclidean"));
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @BeforeEach
  void createCollection() {
    warehouse = Warehouse.local(dir.resolve("wh"));
    collection = warehouse.createCollection(id, CollectionSchema.builder()
        .field(FieldSchema.primaryKey("id", DataType.INT64))
        .field(FieldSchema.floatVector("vector", 128, MetricType.L2))
        .field(FieldSchema.builder("category", DataType.INT32))
        .shards(2)
        .build());
  }

  @AfterEach
  void close() {
    warehouse.close();
  }

  private Map<String, String> props() {
    return Map.of("warehouse", dir.resolve("wh").toString());
  }

  private BuildIndexes.Result build() {
    return new BuildIndexes(spark, props(), id, new BuildIndexes.Options(1500, 2, 3)).run();
  }

  private void insert(int from, int to) {
    WalBatch batch = new WalBatch();
    for (int i = from; i < to; i++) {
      batch.insert(Map.of("id", (long) i, "vector", sift.base().get(i), "category", i % 10));
    }
    collection.walWriter().commit(batch);
  }

  @Test
  void buildAfterInsertsSealsEveryRowAndReachesRecall() throws IOException {
    insert(0, 2500);
    insert(2500, 5000);
    BuildIndexes.Result result = build();
    assertEquals(5000, result.sealedRows());
    assertEquals(collection.walPosition(), result.watermark());

    SegmentSet set = collection.segmentCatalog().current();
    assertTrue(set.liveRows().size() >= 4, "2 shards cut at 1500 rows: " + set.liveRows().size());
    assertTrue(set.liveRows().stream().allMatch(s -> s.state() == SegmentState.INDEXED));
    assertTrue(set.liveTombstones().isEmpty(), "inserts of new keys need no tombstones");
    assertEquals(5000, set.liveRows().stream().mapToLong(SegmentMetadata::rowCount).sum());
    assertEquals(5000, CollectionView.latest(collection).size());

    double recall = recallOverSegments(set, Set.of());
    assertTrue(recall >= 0.95, "recall@10 over the built segments: " + recall);
  }

  @Test
  void buildAfterUpsertsAndDeletesMasksTheOldRows() throws IOException {
    insert(0, 3000);
    build();
    WalBatch changes = new WalBatch();
    for (int i = 0; i < 100; i++) {
      changes.upsert(Map.of("id", (long) i, "vector", sift.base().get(i), "category", 99));
    }
    Set<Long> deleted = new HashSet<>();
    for (long i = 100; i < 3000; i += 61) {
      changes.delete(i);
      deleted.add(i);
    }
    collection.walWriter().commit(changes);
    Map<Object, ResolvedRow> before = CollectionView.latest(collection).rows();
    build();

    SegmentSet set = collection.segmentCatalog().current();
    assertFalse(set.liveTombstones().isEmpty());
    List<Tombstone> tombstones = new ArrayList<>();
    SegmentReader reader = new SegmentReader(collection);
    for (SegmentMetadata t : set.liveTombstones()) {
      tombstones.addAll(reader.tombstones(t));
    }
    assertEquals(100 + deleted.size(), tombstones.size(), "one tombstone per replaced or deleted key");
    CollectionView after = CollectionView.latest(collection);
    assertEquals(3000 - deleted.size(), after.size());
    assertEquals(rowsOf(before), rowsOf(after.rows()));
    assertEquals(99, after.get(5L).orElseThrow().get("category"));
  }

  @Test
  void secondBuildSealsOnlyTheNewTail() {
    insert(0, 2000);
    long first = build().watermark();
    Set<String> firstSegments = ids(collection.segmentCatalog().current().liveRows());
    insert(2000, 2600);
    BuildIndexes.Result second = build();
    assertEquals(600, second.sealedRows());
    SegmentSet set = collection.segmentCatalog().current();
    assertTrue(ids(set.liveRows()).containsAll(firstSegments), "older segments are kept as they were");
    List<SegmentMetadata> added =
        set.liveRows().stream().filter(s -> !firstSegments.contains(s.id())).toList();
    assertTrue(added.stream().allMatch(s -> s.fromPosition() == first && s.toPosition() == second.watermark()));
    assertEquals(2600, CollectionView.latest(collection).size());
    assertEquals(0, build().newSegments(), "nothing new, nothing sealed");
  }

  @Test
  void compactionRewritesSegmentsWithManyDeletedRows() throws IOException {
    insert(0, 3000);
    build();
    WalBatch deletes = new WalBatch();
    for (long i = 0; i < 3000; i += 2) {
      deletes.delete(i);
    }
    collection.walWriter().commit(deletes);
    build();
    Map<Object, ResolvedRow> before = CollectionView.latest(collection).rows();

    Compact.Result result = new Compact(spark, props(), id,
        new Compact.Options(0.2, 100, false, 1500, 2, 3)).run();
    assertTrue(result.rewritten() > 0);
    assertTrue(result.retiredTombstones() > 0, "every rows segment of a shard was rewritten");
    SegmentSet set = collection.segmentCatalog().current();
    assertEquals(1500, set.liveRows().stream().mapToLong(SegmentMetadata::rowCount).sum(),
        "only live rows are kept");
    assertTrue(set.liveTombstones().isEmpty());
    assertTrue(set.segments().stream().anyMatch(s -> s.state() == SegmentState.COMPACTED));
    assertEquals(rowsOf(before), rowsOf(CollectionView.latest(collection).rows()));
    assertTrue(recallOverSegments(set, Set.of()) > 0, "compacted segments are indexed");
  }

  @Test
  void crashBetweenFilesAndCommitLeavesNothingVisibleAndRerunSucceeds() throws IOException {
    insert(0, 2000);
    long snapshotBefore = collection.segmentCatalog().current().snapshotId();
    BuildIndexes job = new BuildIndexes(spark, props(), id, new BuildIndexes.Options(1500, 2, 3));
    BuildIndexes.Prepared crashed = job.prepare(); // files written, then the driver "dies"
    assertFalse(crashed.segments().isEmpty());
    assertEquals(snapshotBefore, collection.segmentCatalog().current().snapshotId());
    assertEquals(0, collection.segmentCatalog().current().watermark());
    long filesAfterCrash = segmentFiles();
    assertTrue(filesAfterCrash > 0);

    BuildIndexes.Result rerun = job.run();
    assertEquals(2000, rerun.sealedRows());
    assertEquals(2000, CollectionView.latest(collection).size());
    Set<String> committed = ids(collection.segmentCatalog().current().segments());
    assertTrue(crashed.segments().stream().noneMatch(s -> committed.contains(s.id())));

    assertEquals(0, Cleanup.run(collection, 0).deletedFiles(),
        "the crashed build's intent protects its files until the build timeout");
    MaintenanceReport cleaned = Maintenance.run(collection, MaintenanceOptions.defaults()
        .withPolicy(RetentionPolicy.DEFAULTS.withBuildTimeout(java.time.Duration.ZERO)
            .withOrphanGrace(java.time.Duration.ZERO)));
    assertEquals(1, cleaned.expiredBuildIntents());
    assertTrue(cleaned.deletedSegmentFiles() > 0, "the crashed build's files are orphans");
    assertEquals(filesAfterCrash, segmentFiles(), "orphans removed, the rerun's files kept");
    assertEquals(2000, CollectionView.latest(collection).size());
  }

  /**
   * Issue 11's bench: between two `maintain` runs nothing expired, and the sealed WAL files that
   * one run took out of the WAL stayed on storage until the next (the snapshots that still listed
   * them expired only then), so the WAL table held about two intervals of files. A build ends by
   * retiring what it sealed and expiring what the policy lets go, so storage stays near one copy
   * whatever the maintenance schedule; the collection reads the same.
   */
  @Test
  void aBuildTakesWhatItSealedOutOfTheWalAndOffStorage() throws IOException {
    Maintenance.setPolicy(collection, RetentionPolicy.DEFAULTS.withMaxAge(Duration.ZERO)
        .withMinSnapshots(2));
    for (int i = 0; i < 10; i++) {
      insert(i * 100, i * 100 + 100);
    }
    build();
    insert(1000, 1100);
    long beforeSecond = walFiles();
    build();
    assertEquals(1100, CollectionView.latest(collection).size());
    long after = walFiles();
    assertTrue(after <= 2 * 2, "WAL files on storage after the second build: " + after
        + " (before it: " + beforeSecond + ")");
  }

  private long walFiles() throws IOException {
    try (Stream<Path> files = Files.walk(dir.resolve("wh/db/sift/data"))) {
      return files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString()
          .endsWith(".crc")).count();
    }
  }

  @Test
  void concurrentBuildAndCompactionBothLandWithoutDuplicates() throws Exception {
    insert(0, 1500);
    build();
    WalBatch deletes = new WalBatch();
    for (long i = 0; i < 1500; i += 3) {
      deletes.delete(i);
    }
    collection.walWriter().commit(deletes);
    insert(1500, 2500);
    Map<Object, ResolvedRow> expected = CollectionView.latest(collection).rows();

    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      var builds = pool.submit(() -> new BuildIndexes(spark, props(), id,
          new BuildIndexes.Options(1500, 1, 5)).run());
      var compaction = pool.submit(() -> new Compact(spark, props(), id,
          new Compact.Options(0.1, 100, false, 1500, 1, 5)).run());
      builds.get();
      compaction.get();
    } finally {
      pool.shutdown();
    }
    build(); // whichever ran first, a later build has nothing or the rest to seal
    SegmentSet set = collection.segmentCatalog().current();
    assertEquals(collection.walPosition(), set.watermark());
    assertEquals(rowsOf(expected), rowsOf(CollectionView.latest(collection).rows()));
    Set<Object> keys = new HashSet<>();
    SegmentReader reader = new SegmentReader(collection);
    Map<Object, Tombstone> tombstones = CollectionView.newestTombstones(reader, set.liveTombstones());
    for (SegmentMetadata segment : set.liveRows()) {
      for (ResolvedRow row : reader.rows(segment, List.of())) {
        Tombstone t = tombstones.get(row.primaryKey());
        if (t == null || !t.kills(row.position(), row.offset())) {
          assertTrue(keys.add(row.primaryKey()), "key " + row.primaryKey() + " is live twice");
        }
      }
    }
    assertEquals(expected.size(), keys.size());
  }

  private long segmentFiles() throws IOException {
    try (Stream<Path> files = Files.walk(dir.resolve("wh/db/sift/segments"))) {
      return files.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".crc")).count();
    }
  }

  /** Recall@10 of graph search over every live segment, merged, against the ground truth. */
  private double recallOverSegments(SegmentSet set, Set<Long> removed) throws IOException {
    SegmentReader reader = new SegmentReader(collection);
    List<VectorIndex> indexes = new ArrayList<>();
    List<List<ResolvedRow>> keys = new ArrayList<>();
    Path cache = dir.resolve("cache");
    try {
      for (SegmentMetadata segment : set.liveRows()) {
        VectorIndex index = reader.openIndex(segment, "vector", cache, true);
        assertNotNull(index, "segment " + segment.id() + " has an index");
        indexes.add(index);
        keys.add(reader.rows(segment, List.of()));
      }
      double recall = 0;
      for (int q = 0; q < sift.queries().size(); q++) {
        List<long[]> hits = new ArrayList<>();
        for (int s = 0; s < indexes.size(); s++) {
          for (Hit hit : indexes.get(s).search(sift.queries().get(q), 10, IndexSpec.DEFAULT_SEARCH_EF, Bits.ALL)) {
            hits.add(new long[] {(Long) keys.get(s).get(hit.ordinal()).primaryKey(),
                Float.floatToIntBits(hit.score())});
          }
        }
        hits.sort((a, b) -> Float.compare(Float.intBitsToFloat((int) a[1]), Float.intBitsToFloat((int) b[1])));
        long[] ids = hits.stream().limit(10).mapToLong(h -> h[0]).toArray();
        recall += sift.recall(q, ids, 10, removed);
      }
      return recall / sift.queries().size();
    } finally {
      for (VectorIndex index : indexes) {
        index.close();
      }
    }
  }

  private static Set<String> ids(List<SegmentMetadata> segments) {
    return segments.stream().map(SegmentMetadata::id).collect(Collectors.toSet());
  }

  private static Map<Object, Object> rowsOf(Map<Object, ResolvedRow> rows) {
    Map<Object, Object> out = new java.util.TreeMap<>();
    rows.forEach((k, v) -> out.put(k, v.row()));
    return out;
  }
}
