package io.vectorlake.indexbuilder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.dataset.AnnDataset;
import io.vectorlake.catalog.maintenance.Maintenance;
import io.vectorlake.catalog.maintenance.MaintenanceOptions;
import io.vectorlake.catalog.maintenance.RetentionPolicy;
import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.search.SearchHit;
import io.vectorlake.catalog.search.SnapshotSearcher;
import io.vectorlake.catalog.segment.Cleanup;
import io.vectorlake.catalog.view.CollectionView;
import io.vectorlake.catalog.view.ReadPlan;
import io.vectorlake.catalog.wal.WalBatch;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A Spark build's files against cleanup and maintenance that run between its seal and commit. */
@Timeout(300)
class BuildIntentIT {
  private static SparkSession spark;
  private static AnnDataset sift;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws IOException {
    spark = SparkSession.builder().master("local[2]").appName("BuildIntentIT")
        .config("spark.ui.enabled", "false").getOrCreate();
    sift = AnnDataset.load(Path.of("../../shared/data/sift-5k-128-euclidean"));
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /**
   * Issue 12.4: {@code prepare} writes the segments, a cleanup with grace 0 (and a maintenance
   * without any window) runs, then {@code commit}: the build's intent kept its files, so the
   * collection loads and every row is found by search. Before intents, cleanup deleted the files,
   * the commit moved the watermark past them and the collection could no longer load.
   */
  @Test
  void cleanupBetweenPrepareAndCommitKeepsTheBuildsFiles() throws IOException {
    Map<String, String> props = Map.of("warehouse", dir.resolve("wh").toString());
    CollectionId id = CollectionId.parse("db.sift");
    try (Warehouse warehouse = Warehouse.open(props)) {
      Collection collection = warehouse.createCollection(id, CollectionSchema.builder()
          .field(FieldSchema.primaryKey("id", DataType.INT64))
          .field(FieldSchema.floatVector("vector", 128, MetricType.L2))
          .shards(2)
          .build());
      int rows = 2000;
      WalBatch batch = new WalBatch();
      for (int i = 0; i < rows; i++) {
        batch.insert(Map.of("id", (long) i, "vector", sift.base().get(i)));
      }
      collection.walWriter().commit(batch);

      BuildIndexes job = new BuildIndexes(spark, props, id, new BuildIndexes.Options(1500, 2, 3));
      BuildIndexes.Prepared prepared = job.prepare();
      assertEquals(0, Cleanup.run(collection, 0).deletedFiles(), "the build's files are kept");
      Maintenance.run(collection, MaintenanceOptions.defaults().withPolicy(RetentionPolicy.DEFAULTS
          .withMaxAge(Duration.ZERO).withMinSnapshots(1).withOrphanGrace(Duration.ZERO)));
      job.commit(prepared);
      assertTrue(collection.segmentCatalog().buildIntents().isEmpty(), "the commit ends the intent");

      assertEquals(rows, CollectionView.latest(collection).size());
      try (SnapshotSearcher searcher = SnapshotSearcher.open(collection,
          ReadPlan.of(collection, collection.walPosition()), "vector", dir.resolve("cache"))) {
        int found = 0;
        for (int i = 0; i < rows; i += 20) {
          long key = i;
          List<SearchHit> hits = searcher.search(sift.base().get(i), 10, 100, null);
          if (hits.stream().anyMatch(h -> h.primaryKey().equals(key))) {
            found++;
          }
        }
        assertTrue(found >= 95, "queries that found their own row: " + found + " of 100");
      }
    }
  }
}
