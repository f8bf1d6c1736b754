package io.vectorlake.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.view.CollectionView;
import io.vectorlake.catalog.view.ResolvedRow;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Write failures and auto-id keys through the DataFrame sink on Spark local[2]. */
@Timeout(300)
class SparkWriteFailuresIT {
  private static final CollectionId ID = CollectionId.parse("db.docs");
  private static SparkSession spark;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("SparkWriteFailuresIT")
        .config("spark.ui.enabled", "false").getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /**
   * Issue 12.3: the commit landed, then the driver's commit step failed (closing the catalog), so
   * Spark called {@code abort} with the same messages; abort deleted the committed WAL files and
   * every read of the collection failed.
   */
  @Test
  void abortAfterACommitThatLandedKeepsTheRowsReadable() throws IOException {
    createCollection(false);
    Exception e = assertThrows(Exception.class,
        () -> write(frame(0, 20), "insert", "close-after"));
    assertTrue(causes(e).contains("closing the catalog failed"), causes(e));

    assertEquals(keys(0, 20), readKeys());
  }

  /**
   * Issue 12.3: the catalog's answer to the commit was lost ({@code CommitStateUnknownException})
   * though the commit landed; abort must not delete files whose commit state is unknown.
   */
  @Test
  void abortAfterAnUnknownCommitStateThatLandedKeepsTheRows() throws IOException {
    createCollection(false);
    Exception e = assertThrows(Exception.class,
        () -> write(frame(0, 20), "insert", "unknown-after"));
    assertTrue(causes(e).contains("response lost"), causes(e));

    assertEquals(keys(0, 20), readKeys());
  }

  /**
   * Issue 12.3: commit state unknown and the commit did not land: the staged files stay
   * (unreferenced, so never read), since the writer cannot tell this case from the one above.
   */
  @Test
  void abortAfterAnUnknownCommitStateKeepsTheStagedFiles() throws IOException {
    createCollection(false);
    assertThrows(Exception.class, () -> write(frame(0, 20), "insert", "unknown-before"));

    assertTrue(stagedFileCount() > 0, "the staged WAL files were kept");
    assertEquals(Set.of(), readKeys(), "nothing was committed");
  }

  /** Control: a commit that failed cleanly (before it could land) has its files removed. */
  @Test
  void abortAfterACommitThatCertainlyFailedRemovesTheFiles() throws IOException {
    createCollection(false);
    Exception e = assertThrows(Exception.class, () -> write(frame(0, 20), "insert", "rejected"));
    assertTrue(causes(e).contains("injected: rejected"), causes(e));

    assertEquals(0, stagedFileCount(), "the staged files of the rejected commit were removed");
    assertEquals(Set.of(), readKeys());
  }

  /**
   * Issue 12.5 through Spark: an upsert with pk 5 into an empty auto-id collection kept key 5
   * unreserved, and one of the next ten inserts got key 5 and replaced the row. Now the upsert's
   * row gets a generated key (and key 5 is deleted), so 11 rows with keys 1..11 exist.
   */
  @Test
  void autoIdUpsertThenInsertsKeepsEveryRowUnderAllocatedKeys() {
    createCollection(true);
    write(spark.createDataFrame(List.of(RowFactory.create(5L, List.of(100f, 1f), 100L)),
        readSchema()), "upsert", "");
    List<Row> inserts = new ArrayList<>();
    for (long tag = 0; tag < 10; tag++) {
      inserts.add(RowFactory.create(0L, List.of((float) tag, 1f), tag));
    }
    write(spark.createDataFrame(inserts, readSchema()).drop("id"), "insert", "");

    try (Warehouse warehouse = Warehouse.local(dir)) {
      Map<Object, ResolvedRow> rows =
          CollectionView.latest(warehouse.loadCollection(ID)).rows();
      assertEquals(keys(1, 12), rows.keySet(), "11 keys, all handed out by the allocator");
      Set<Object> tags = rows.values().stream().map(r -> r.row().get("tag"))
          .collect(Collectors.toSet());
      Set<Object> written = keys(0, 10);
      written.add(100L);
      assertEquals(written, tags, "every written row survives, none replaced");
    }
  }

  private void createCollection(boolean autoId) {
    try (Warehouse warehouse = Warehouse.local(dir)) {
      warehouse.createCollection(ID, CollectionSchema.builder()
          .field(FieldSchema.primaryKey("id", DataType.INT64).autoId(autoId))
          .field(FieldSchema.floatVector("v", 2, MetricType.L2))
          .field(FieldSchema.builder("tag", DataType.INT64))
          .shards(2)
          .build());
    }
  }

  private Map<String, String> options(String failure) {
    Map<String, String> options = new HashMap<>();
    options.put("warehouse", dir.toString());
    options.put("collection", ID.toString());
    if (!failure.isEmpty()) {
      options.put("conf.catalog-impl", FailingCommitCatalog.class.getName());
      options.put("conf." + FailingCommitCatalog.MODE, failure);
    }
    return options;
  }

  private StructType readSchema() {
    return spark.read().format("vectorlake").options(options("")).load().schema();
  }

  private Dataset<Row> frame(long from, long to) {
    List<Row> rows = new ArrayList<>();
    for (long id = from; id < to; id++) {
      rows.add(RowFactory.create(id, List.of((float) id, 1f), id));
    }
    return spark.createDataFrame(rows, readSchema());
  }

  private void write(Dataset<Row> df, String operation, String failure) {
    df.write().format("vectorlake").options(options(failure)).option("operation", operation)
        .mode("append").save();
  }

  /** The keys a fresh reader sees; reading fails if the WAL references deleted files. */
  private Set<Object> readKeys() {
    Set<Object> sparkKeys = spark.read().format("vectorlake").options(options("")).load()
        .select("id").collectAsList().stream().map(r -> r.get(0)).collect(Collectors.toSet());
    try (Warehouse warehouse = Warehouse.local(dir)) {
      assertEquals(sparkKeys, CollectionView.latest(warehouse.loadCollection(ID)).rows().keySet());
    }
    return sparkKeys;
  }

  private long stagedFileCount() throws IOException {
    Path data = dir.resolve("db").resolve("docs").resolve("data");
    if (!Files.exists(data)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(data)) {
      return files.filter(p -> p.toString().endsWith(".parquet")).count();
    }
  }

  private static Set<Object> keys(long from, long to) {
    return LongStream.range(from, to).boxed().collect(Collectors.toSet());
  }

  private static String causes(Throwable e) {
    StringBuilder out = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      out.append(t).append(" <- ");
    }
    return out.toString();
  }
}
