package io.vectorlake.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.segment.CompactionPlan;
import io.vectorlake.catalog.segment.SealPlan;
import io.vectorlake.catalog.view.CollectionView;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The DataFrame source and sink on Spark local[2] (up to 4 attempts per task). */
@Timeout(300)
class SparkConnectorIT {
  private static SparkSession spark;

  @TempDir Path dir;
  private Warehouse warehouse;
  private Collection docs;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2,4]").appName("SparkConnectorIT")
        .config("spark.ui.enabled", "false").getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @BeforeEach
  void open() {
    warehouse = Warehouse.local(dir.resolve("wh"));
    docs = warehouse.createCollection(CollectionId.parse("db.docs"), CollectionSchema.builder()
        .field(FieldSchema.primaryKey("id", DataType.INT64))
        .field(FieldSchema.floatVector("emb", 4, MetricType.L2))
        .field(FieldSchema.builder("flag", DataType.BOOL).nullable(true))
        .field(FieldSchema.builder("tiny", DataType.INT8).defaultValue(1))
        .field(FieldSchema.builder("small", DataType.INT16).nullable(true))
        .field(FieldSchema.builder("n", DataType.INT32))
        .field(FieldSchema.builder("big", DataType.INT64).nullable(true))
        .field(FieldSchema.builder("f", DataType.FLOAT).nullable(true))
        .field(FieldSchema.builder("d", DataType.DOUBLE).nullable(true))
        .field(FieldSchema.builder("title", DataType.VARCHAR).maxLength(32))
        .field(FieldSchema.builder("meta", DataType.JSON).nullable(true))
        .field(FieldSchema.builder("tags", DataType.ARRAY).elementType(DataType.VARCHAR)
            .maxLength(8).maxCapacity(4).nullable(true))
        .shards(2)
        .build());
  }

  @AfterEach
  void close() {
    warehouse.close();
  }

  private Map<String, String> options() {
    return Map.of("warehouse", dir.resolve("wh").toString(), "collection", "db.docs");
  }

  private Dataset<Row> frame(long from, long to, int seed) {
    StructType schema = spark.read().format("vectorlake").options(options()).load().schema();
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (long id = from; id < to; id++) {
      float[] v = {random.nextFloat(), random.nextFloat(), random.nextFloat(), random.nextFloat()};
      List<Float> vector = List.of(v[0], v[1], v[2], v[3]);
      rows.add(RowFactory.create(id, vector, id % 2 == 0 ? null : random.nextBoolean(),
          (byte) random.nextInt(100), (short) random.nextInt(1000), (int) (id % 10),
          random.nextLong(), random.nextFloat(), random.nextDouble(), "title " + id,
          id % 3 == 0 ? null : "{\"k\":" + id + "}", List.of("a" + (id % 5), "b")));
    }
    return spark.createDataFrame(rows, schema);
  }

  private void write(Dataset<Row> df, String operation) {
    df.write().format("vectorlake").options(options()).option("operation", operation)
        .mode("append").save();
  }

  private Dataset<Row> read() {
    return spark.read().format("vectorlake").options(options()).load();
  }

  /** Rows as comparable maps, vectors and arrays as lists. */
  private static Map<Object, List<Object>> byKey(List<Row> rows) {
    Map<Object, List<Object>> out = new TreeMap<>();
    for (Row row : rows) {
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < row.size(); i++) {
        Object v = row.get(i);
        values.add(v instanceof scala.collection.Seq<?> seq
            ? scala.jdk.javaapi.CollectionConverters.asJava(seq) : v);
      }
      out.put(row.get(row.fieldIndex("id")), values);
    }
    return out;
  }

  @Test
  void writeThenReadRoundTripsEveryFieldType() {
    Dataset<Row> df = frame(0, 200, 1);
    write(df, "insert");
    assertEquals(byKey(df.collectAsList()), byKey(read().collectAsList()));
    assertEquals(200, CollectionView.latest(docs).size());
    assertEquals(1, docs.walPosition(), "one write job is one WAL commit");
  }

  @Test
  void upsertAndDeleteThroughWrite() {
    write(frame(0, 100, 1), "insert");
    Dataset<Row> changed = frame(0, 20, 2);
    write(changed, "upsert");
    write(frame(90, 100, 1).select("id"), "delete");
    Map<Object, List<Object>> read = byKey(read().collectAsList());
    assertEquals(90, read.size());
    assertEquals(byKey(changed.collectAsList()).get(5L), read.get(5L));
    assertTrue(!read.containsKey(95L));
  }

  @Test
  void readAfterBuildAndCompactionSeesTheSameRows() throws Exception {
    write(frame(0, 300, 1), "insert");
    SealPlan.of(docs).runLocally(docs, 100, 1);
    write(frame(0, 50, 3), "upsert");
    write(frame(250, 300, 1).select("id"), "delete");
    Map<Object, List<Object>> beforeBuild = byKey(read().collectAsList());
    SealPlan.of(docs).runLocally(docs, 100, 1);
    write(frame(1000, 1010, 4), "insert");
    Dataset<Row> afterBuild = read();
    assertTrue(afterBuild.rdd().getNumPartitions() > 3, "one partition per segment and the tail");
    Map<Object, List<Object>> expected = new TreeMap<>(beforeBuild);
    expected.putAll(byKey(frame(1000, 1010, 4).collectAsList()));
    assertEquals(expected, byKey(afterBuild.collectAsList()));
    CompactionPlan.of(docs, 0.1, 1000, false).runLocally(docs, 1000, 1);
    assertEquals(expected, byKey(read().collectAsList()));
  }

  @Test
  void filterPushdownReturnsTheSameRowsAsSparkAlone() {
    write(frame(0, 300, 1), "insert");
    String[] conditions = {"n = 3", "id > 100 AND n < 5", "title LIKE 'title 1%'",
        "n IN (1, 2) OR big IS NULL", "NOT (n >= 5)", "flag IS NULL", "tiny BETWEEN 10 AND 40"};
    Dataset<Row> all = read();
    List<Row> everything = all.collectAsList();
    for (String condition : conditions) {
      List<Row> pushed = read().where(condition).collectAsList();
      List<Row> local = spark.createDataFrame(everything, all.schema()).where(condition).collectAsList();
      assertEquals(byKey(local), byKey(pushed), condition);
      assertTrue(local.size() > 0, "condition selects something: " + condition);
    }
    List<Row> milvus = spark.read().format("vectorlake").options(options())
        .option("filter", "n % 2 == 0 and title like \"title 2%\"").load().collectAsList();
    List<Row> expected = spark.createDataFrame(everything, all.schema())
        .where("n % 2 = 0 AND title LIKE 'title 2%'").collectAsList();
    assertEquals(byKey(expected), byKey(milvus));
  }

  @Test
  void schemaMismatchFailsBeforeAnythingIsWritten() {
    Dataset<Row> wrongType = frame(0, 5, 1).withColumn("title", org.apache.spark.sql.functions.lit(3));
    Exception e = assertThrows(Exception.class, () -> write(wrongType, "insert"));
    assertTrue(rootMessage(e).contains("column 'title' is int but field 'title' is VARCHAR"), rootMessage(e));
    Exception missing = assertThrows(Exception.class, () -> write(frame(0, 5, 1).drop("n"), "insert"));
    assertTrue(rootMessage(missing).contains("column 'n' is missing"), rootMessage(missing));
    Exception unknown = assertThrows(Exception.class,
        () -> write(frame(0, 5, 1).withColumn("colour", org.apache.spark.sql.functions.lit("red")), "insert"));
    assertTrue(rootMessage(unknown).contains("column 'colour' is not a field"), rootMessage(unknown));
    assertEquals(0, docs.walPosition());
  }

  @Test
  void badRowFailsTheJobWithTheFieldAndNothingIsCommitted() {
    Dataset<Row> tooLong = frame(0, 5, 1).withColumn("title",
        org.apache.spark.sql.functions.lit("a title much longer than thirty-two bytes"));
    Exception e = assertThrows(Exception.class, () -> write(tooLong, "insert"));
    assertTrue(rootMessage(e).contains("over its max_length 32"), rootMessage(e));
    assertEquals(0, docs.walPosition());
  }

  @Test
  void taskFailureDuringWriteLeavesNoDuplicateRows() {
    Dataset<Row> df = frame(0, 400, 1).repartition(4);
    Dataset<Row> flaky = df.map((MapFunction<Row, Row>) row -> {
      TaskContext task = TaskContext.get();
      if (task.partitionId() == 1 && task.attemptNumber() == 0 && (Long) row.get(0) % 7 == 0) {
        throw new IllegalStateException("injected failure in the first attempt");
      }
      return row;
    }, Encoders.row(df.schema()));
    write(flaky, "insert");
    assertEquals(400, read().count());
    assertEquals(400, CollectionView.latest(docs).size());
    assertEquals(400, docs.walReader().read(0, docs.walPosition()).size(), "no op written twice");
  }

  @Test
  void writeCanCreateTheCollectionFromTheDataFrame() {
    StructType schema = new StructType()
        .add("pk", DataTypes.LongType, false)
        .add("vec", DataTypes.createArrayType(DataTypes.FloatType, false), false)
        .add("label", DataTypes.StringType, true);
    List<Row> rows = List.of(RowFactory.create(1L, List.of(1f, 0f), "a"),
        RowFactory.create(2L, List.of(0f, 1f), null));
    Map<String, String> opts = new HashMap<>(options());
    opts.put("collection", "db.created");
    spark.createDataFrame(rows, schema).write().format("vectorlake").options(opts)
        .option("create", "true").option("primaryKey", "pk").option("vectorField", "vec")
        .option("dim", "2").option("metric", "COSINE").mode("append").save();
    Collection created = warehouse.loadCollection(CollectionId.parse("db.created"));
    assertEquals(MetricType.COSINE, created.schema().requireField("vec").metric());
    assertEquals(2, spark.read().format("vectorlake").options(opts).load().count());
  }

  private static String rootMessage(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append(" | ");
    }
    return all.toString();
  }
}
