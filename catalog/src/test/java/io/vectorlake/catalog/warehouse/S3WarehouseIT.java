package io.vectorlake.catalog.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.dataset.AnnDataset;
import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.InvalidRowException;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.schema.Row;
import io.vectorlake.catalog.schema.RowValidator;
import io.vectorlake.catalog.schema.TestSchemas;
import io.vectorlake.catalog.search.SearchHit;
import io.vectorlake.catalog.search.SnapshotSearcher;
import io.vectorlake.catalog.segment.Cleanup;
import io.vectorlake.catalog.segment.CompactionPlan;
import io.vectorlake.catalog.segment.SealPlan;
import io.vectorlake.catalog.testing.InProcessS3Extension;
import io.vectorlake.catalog.view.CollectionView;
import io.vectorlake.catalog.view.ReadPlan;
import io.vectorlake.catalog.wal.RandomRows;
import io.vectorlake.catalog.wal.WalBatch;
import io.vectorlake.catalog.wal.WalRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The WAL round trip on object storage: a JDBC catalog (SQLite here, PostgreSQL in a cluster),
 * which commits atomically by itself, with Iceberg's S3FileIO against a real S3 protocol server.
 */
class S3WarehouseIT {
  @RegisterExtension static final InProcessS3Extension S3 = new InProcessS3Extension("lake");

  @TempDir Path dir;

  private Map<String, String> properties(String prefix) {
    Map<String, String> props =
        S3.server().jdbcWarehouseProperties(dir.resolve("catalog.db"), "lake", prefix);
    return props;
  }

  @Test
  void walRoundTripOnS3() {
    CollectionId id = CollectionId.parse("db.docs");
    RandomRows random = new RandomRows(7);
    Map<Object, Row> expected = new HashMap<>();
    long position;
    try (Warehouse warehouse = Warehouse.open(properties("roundtrip"))) {
      Collection collection = warehouse.createCollection(id, TestSchemas.everyFieldType());
      RowValidator validator = new RowValidator(collection.schema());
      WalBatch batch = new WalBatch();
      for (long key = 0; key < 100; key++) {
        Map<String, Object> row = random.row(key);
        batch.insert(row);
        expected.put(key, validator.validate(row, false));
      }
      collection.walWriter().commit(batch);
      position = collection.walWriter().commit(new WalBatch().delete(5L).upsert(random.row(6))).position();
      expected.remove(5L);
      expected.put(6L, null); // replaced; checked below
    }
    try (Warehouse reopened = Warehouse.open(properties("roundtrip"))) {
      Collection collection = reopened.loadCollection(id);
      assertEquals(position, collection.walPosition());
      List<WalRecord> ops = collection.walReader().read(0, position);
      assertEquals(102, ops.size());
      CollectionView view = CollectionView.latest(collection);
      assertEquals(99, view.size());
      expected.forEach(
          (key, row) -> {
            if (row != null) {
              assertEquals(row, view.get(key).orElseThrow(), "row " + key);
            }
          });
      assertTrue(view.get(6L).isPresent());
      assertTrue(view.get(5L).isEmpty());
    }
    try (S3Client client = S3.server().client()) {
      long objects =
          client.listObjectsV2(b -> b.bucket("lake").prefix("roundtrip/")).contents().stream()
              .filter(o -> o.key().endsWith(".parquet"))
              .count();
      assertEquals(4, objects, "three shard files for the inserts, one for the second commit");
    }
  }

  @Test
  void segmentsAreBuiltCompactedAndSearchedOnS3() throws Exception {
    AnnDataset sift = AnnDataset.load(
        Path.of("../../shared/data/sift-5k-128-euclidean"));
    try (Warehouse warehouse = Warehouse.open(properties("segments"))) {
      Collection c = warehouse.createCollection(CollectionId.parse("db.sift"),
          CollectionSchema.builder()
              .field(FieldSchema.primaryKey("id",
                  DataType.INT64))
              .field(FieldSchema.floatVector("vector", 128,
                  MetricType.L2))
              .shards(2)
              .build());
      WalBatch batch = new WalBatch();
      for (int i = 0; i < 3000; i++) {
        batch.insert(Map.of("id", (long) i, "vector", sift.base().get(i)));
      }
      c.walWriter().commit(batch);
      SealPlan.of(c).runLocally(c, 3000, 2);
      c.walWriter().commit(new WalBatch().delete(0L).delete(1L));
      SealPlan.of(c).runLocally(c, 3000, 2);
      CompactionPlan.of(c, 0.0, 1, true).runLocally(c, 3000, 2);
      Cleanup.run(c, 0);
      assertEquals(2998, CollectionView.latest(c).size());

      Path cache = dir.resolve("index-cache");
      try (SnapshotSearcher searcher =
          SnapshotSearcher.open(c,
              ReadPlan.of(c, c.walPosition()), "vector", cache)) {
        // The ground truth is over all 5,000 rows: check the hits against an exact scan instead.
        for (int q = 0; q < 10; q++) {
          List<SearchHit> hits =
              searcher.search(sift.queries().get(q), 10, 100, null);
          assertEquals(10, hits.size());
          assertTrue(hits.stream().noneMatch(h -> (Long) h.primaryKey() < 2), "deleted rows stay out");
        }
      }
      assertTrue(Files.list(cache).findAny().isPresent(),
          "index files were copied from S3 to the local cache to be memory-mapped");
    }
    try (S3Client client = S3.server().client()) {
      List<String> keys = client.listObjectsV2(b -> b.bucket("lake").prefix("segments/")).contents()
          .stream().map(o -> o.key()).filter(k -> k.contains("/segments/")).toList();
      assertTrue(keys.stream().anyMatch(k -> k.endsWith("vector.graph")), keys.toString());
    }
  }

  @Test
  void badBatchLeavesTheS3WalUnchanged() {
    try (Warehouse warehouse = Warehouse.open(properties("bad"))) {
      Collection collection =
          warehouse.createCollection(CollectionId.parse("db.bad"), TestSchemas.everyFieldType());
      RandomRows random = new RandomRows(8);
      collection.walWriter().commit(new WalBatch().insert(random.row(1)));
      long snapshot = collection.walSnapshot().snapshotId();
      Map<String, Object> bad = random.row(2);
      bad.put("i8", 1000);
      assertThrows(
          InvalidRowException.class,
          () -> collection.walWriter().commit(new WalBatch().insert(random.row(3)).insert(bad)));
      assertEquals(snapshot, collection.walSnapshot().snapshotId());
      assertEquals(1, CollectionView.latest(collection).size());
    }
  }
}
