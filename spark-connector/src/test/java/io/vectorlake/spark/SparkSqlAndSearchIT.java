package io.vectorlake.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.dataset.AnnDataset;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Spark SQL through the Vectorlake catalog, and batch vector search, on Spark local[2]. */
@Timeout(300)
class SparkSqlAndSearchIT {
  @TempDir static Path dir;
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("SparkSqlAndSearchIT")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.catalog.vl", VectorlakeCatalog.class.getName())
        .config("spark.sql.catalog.vl.warehouse", dir.resolve("wh").toString())
        .getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void sqlCreatesInsertsSelectsAndDeletes() {
    spark.sql("CREATE NAMESPACE IF NOT EXISTS vl.shop");
    spark.sql("CREATE TABLE vl.shop.items (id BIGINT NOT NULL, emb ARRAY<FLOAT> NOT NULL, "
        + "title STRING, price DOUBLE) TBLPROPERTIES ('primaryKey' = 'id', "
        + "'vectorField' = 'emb', 'dim' = '2', 'metric' = 'IP', 'maxLength' = '64')");
    spark.sql("INSERT INTO vl.shop.items VALUES (1, array(1.0, 0.0), 'lamp', 20.0), "
        + "(2, array(0.0, 1.0), 'desk', 150.0), (3, array(0.5, 0.5), 'chair', 80.0)");
    assertEquals(3, spark.sql("SELECT * FROM vl.shop.items").count());
    List<Row> cheap = spark.sql("SELECT title FROM vl.shop.items WHERE price < 100 ORDER BY title")
        .collectAsList();
    assertEquals(List.of("chair", "lamp"), cheap.stream().map(r -> r.getString(0)).toList());

    spark.sql("DELETE FROM vl.shop.items WHERE price > 100");
    assertEquals(2, spark.sql("SELECT * FROM vl.shop.items").count());
    List<Row> tables = spark.sql("SHOW TABLES IN vl.shop").collectAsList();
    assertEquals(List.of("items"), tables.stream().map(r -> r.getString(1)).toList());
    spark.sql("DROP TABLE vl.shop.items");
    assertEquals(0, spark.sql("SHOW TABLES IN vl.shop").count());
  }

  @Test
  void batchSearchReachesRecallOnSift() throws Exception {
    AnnDataset sift = AnnDataset.load(Path.of("../../shared/data/sift-5k-128-euclidean"));
    try (Warehouse warehouse = Warehouse.local(dir.resolve("wh"))) {
      Collection c = warehouse.createCollection(CollectionId.parse("bench.sift"),
          CollectionSchema.builder()
              .field(FieldSchema.primaryKey("id", DataType.INT64))
              .field(FieldSchema.floatVector("vector", 128, MetricType.L2))
              .field(FieldSchema.builder("category", DataType.INT32))
              .shards(2)
              .build());
      WalBatch batch = new WalBatch();
      for (int i = 0; i < 4800; i++) {
        batch.insert(Map.of("id", (long) i, "vector", sift.base().get(i), "category", i % 10));
      }
      c.walWriter().commit(batch);
      SealPlan.of(c).runLocally(c, 2000, 2);
      WalBatch tail = new WalBatch(); // the last rows stay in the WAL tail, searched exactly
      for (int i = 4800; i < 5000; i++) {
        tail.insert(Map.of("id", (long) i, "vector", sift.base().get(i), "category", i % 10));
      }
      c.walWriter().commit(tail);
    }
    StructType schema = new StructType().add("query_id", DataTypes.IntegerType)
        .add("vector", DataTypes.createArrayType(DataTypes.FloatType));
    List<Row> queryRows = new ArrayList<>();
    for (int q = 0; q < sift.queries().size(); q++) {
      List<Float> v = new ArrayList<>();
      for (float f : sift.queries().get(q)) {
        v.add(f);
      }
      queryRows.add(RowFactory.create(q, v));
    }
    Dataset<Row> queries = spark.createDataFrame(queryRows, schema);
    Map<String, String> options = Map.of("warehouse", dir.resolve("wh").toString());
    List<Row> results =
        VectorlakeSearch.search(queries, options, "bench.sift", "vector", 10, null, 0).collectAsList();
    Map<Integer, long[]> byQuery = new HashMap<>();
    for (Row r : results) {
      byQuery.computeIfAbsent(r.getInt(0), q -> new long[10])[r.getInt(3) - 1] = r.getLong(1);
    }
    double recall = 0;
    for (int q = 0; q < sift.queries().size(); q++) {
      recall += sift.recall(q, byQuery.get(q), 10, Set.of());
    }
    recall /= sift.queries().size();
    assertTrue(recall >= 0.95, "batch search recall@10 " + recall);

    List<Row> filtered = VectorlakeSearch.search(queries, options, "bench.sift", "vector", 5,
        "category == 3", 0).collectAsList();
    Set<Long> ids = new HashSet<>();
    filtered.forEach(r -> ids.add(r.getLong(1)));
    assertTrue(ids.stream().allMatch(id -> id % 10 == 3), "the filter holds");
    assertEquals(5 * sift.queries().size(), filtered.size());
  }
}
