package io.vectorlake.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.maintenance.Maintenance;
import io.vectorlake.catalog.maintenance.MaintenanceOptions;
import io.vectorlake.catalog.maintenance.MaintenanceReport;
import io.vectorlake.catalog.maintenance.RetentionPolicy;
import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.segment.SealPlan;
import io.vectorlake.catalog.wal.WalBatch;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The DataFrame source once maintenance removed the WAL files below the watermark. */
@Timeout(300)
class SparkReadAfterMaintenanceIT {
  private static SparkSession spark;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("SparkReadAfterMaintenanceIT")
        .config("spark.ui.enabled", "false").getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /**
   * A hundred commits of inserts, upserts and deletes, sealed, then maintenance without a window:
   * the sealed WAL files are gone and the source still reads exactly the model's rows, at the
   * newest position and at the oldest readable one; an older {@code asOf} fails naming it.
   */
  @Test
  void readsEveryRowAfterSealedWalFilesAreGone() throws Exception {
    Map<String, String> options =
        Map.of("warehouse", dir.resolve("wh").toString(), "collection", "db.m");
    Map<Long, Integer> model = new TreeMap<>();
    Map<Long, Map<Long, Integer>> history = new HashMap<>();
    long oldest;
    try (Warehouse warehouse = Warehouse.open(Map.of("warehouse", options.get("warehouse")))) {
      Collection c = warehouse.createCollection(CollectionId.parse("db.m"), CollectionSchema.builder()
          .field(FieldSchema.primaryKey("id", DataType.INT64))
          .field(FieldSchema.floatVector("emb", 2, MetricType.L2))
          .field(FieldSchema.builder("n", DataType.INT32))
          .shards(2)
          .build());
      Random random = new Random(4);
      for (int i = 1; i <= 100; i++) {
        WalBatch batch = new WalBatch();
        for (int j = 0; j < 5; j++) {
          long key = random.nextInt(120);
          if (random.nextInt(5) == 0) {
            batch.delete(key);
            model.remove(key);
          } else {
            int n = random.nextInt(1000);
            batch.upsert(Map.of("id", key, "emb", new float[] {n, 1}, "n", n));
            model.put(key, n);
          }
        }
        long position = c.walWriter().commit(batch).position();
        history.put(position, new TreeMap<>(model));
        if (i % 40 == 0) {
          SealPlan.of(c).runLocally(c, 500, 1);
        }
      }
      MaintenanceOptions noWindow = MaintenanceOptions.defaults().withPolicy(
          RetentionPolicy.DEFAULTS.withMaxAge(Duration.ZERO).withMinSnapshots(2));
      SealPlan.of(c).runLocally(c, 500, 1);
      MaintenanceReport first = Maintenance.run(c, noWindow);
      assertTrue(first.retiredWalFiles() > 0, first.summary());
      // The snapshot at the watermark keeps the sealed files until the next build moves it.
      long position = c.walWriter().commit(new WalBatch().delete(0L)).position();
      model.remove(0L);
      history.put(position, new TreeMap<>(model));
      SealPlan.of(c).runLocally(c, 500, 1);
      MaintenanceReport second = Maintenance.run(c, noWindow);
      assertTrue(second.deletedWalFiles() > 0, second.summary());
      oldest = second.oldestReadablePosition();
    }
    assertEquals(model, read(options, -1));
    long oldestData = history.keySet().stream().filter(p -> p >= oldest).min(Long::compare)
        .orElseThrow();
    assertEquals(history.get(oldestData), read(options, oldestData));

    Exception e = assertThrows(Exception.class, () -> read(options, oldest - 1));
    assertTrue(messages(e).contains("the oldest readable position is " + oldest), messages(e));
  }

  private static Map<Long, Integer> read(Map<String, String> options, long asOf) {
    var reader = spark.read().format("vectorlake").options(options);
    if (asOf >= 0) {
      reader = reader.option("asOf", asOf);
    }
    Map<Long, Integer> rows = new TreeMap<>();
    for (Row r : reader.load().select("id", "n").collectAsList()) {
      rows.put(r.getLong(0), r.getInt(1));
    }
    return rows;
  }

  private static String messages(Throwable t) {
    StringBuilder s = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      s.append(c.getMessage()).append(" / ");
    }
    return s.toString();
  }
}
