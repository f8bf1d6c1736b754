package io.vectorlake.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.view.CollectionView;
import io.vectorlake.catalog.wal.WalRecord;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import io.vectorlake.catalog.warehouse.Collection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The sink on a Flink MiniCluster: every op sent lands in the WAL exactly once. */
class VectorlakeSinkIT {
  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder()
          .setNumberTaskManagers(1)
          .setNumberSlotsPerTaskManager(4)
          .build());

  @TempDir Path warehouse;

  static StreamExecutionEnvironment environment(int parallelism, long checkpointMs) {
    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(parallelism);
    env.enableCheckpointing(checkpointMs);
    return env;
  }

  static DataStream<VectorlakeRecord> inserts(
      StreamExecutionEnvironment env, long count, double perSecond) {
    DataGeneratorSource<VectorlakeRecord> source = new DataGeneratorSource<>(
        id -> VectorlakeRecord.insert(TestCollections.row(id, 0)),
        count,
        RateLimiterStrategy.perSecond(perSecond),
        TypeInformation.of(VectorlakeRecord.class));
    return env.fromSource(source, WatermarkStrategy.noWatermarks(), "rows").uid("rows");
  }

  static Map<Long, Map<String, Object>> expectedInserts(long count) {
    Map<Long, Map<String, Object>> expected = new HashMap<>();
    for (long id = 0; id < count; id++) {
      expected.put(id, TestCollections.row(id, 0));
    }
    return expected;
  }

  static void assertEachKeyOnce(List<WalRecord> wal, long count) {
    Set<Object> keys = new HashSet<>();
    for (WalRecord record : wal) {
      assertTrue(keys.add(record.primaryKey()), "key " + record.primaryKey() + " twice in the WAL");
    }
    assertEquals(count, wal.size(), "ops in the WAL");
  }

  static long flinkCommits(Collection collection) {
    collection.walTable().refresh();
    long commits = 0;
    for (var snapshot : collection.walTable().snapshots()) {
      commits += snapshot.summary().containsKey(VectorlakeCommitter.FLINK_JOB_ID) ? 1 : 0;
    }
    return commits;
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void boundedSourceWritesEveryOpOnceAcrossCheckpoints() throws Exception {
    Collection collection = TestCollections.create(warehouse, 2);
    long count = 3_000;
    StreamExecutionEnvironment env = environment(2, 200);
    VectorlakeSink.builder()
        .warehouse(warehouse.toString())
        .collection(TestCollections.NAME)
        .batchRows(250)
        .append(inserts(env, count, 3_000));
    env.execute("bounded");

    assertEachKeyOnce(TestCollections.wal(collection), count);
    TestCollections.assertResolvesTo(collection, expectedInserts(count));
    assertTrue(flinkCommits(collection) > 1, "expected several checkpoint commits");
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  @SuppressWarnings("deprecation") // addSource: see EndlessInserts
  void unboundedSourceCommitsEveryOpOnceWhileRunning() throws Exception {
    Collection collection = TestCollections.create(warehouse, 3);
    long count = 2_000;
    StreamExecutionEnvironment env = environment(2, 150);
    DataStream<VectorlakeRecord> rows =
        env.addSource(new EndlessInserts(count, 100), "endless").setParallelism(1).uid("endless");
    VectorlakeSink.builder()
        .warehouse(warehouse.toString())
        .collection(TestCollections.NAME)
        .batchRows(300)
        .append(rows);
    JobClient job = env.executeAsync("unbounded");
    try {
      waitFor(() -> TestCollections.wal(collection).size() >= count, "all ops committed");
      long commits = flinkCommits(collection);
      Thread.sleep(750); // five more checkpoints with nothing new: they commit nothing
      assertEquals(JobStatus.RUNNING, job.getJobStatus().get());
      assertEquals(commits, flinkCommits(collection), "commits of idle checkpoints");
    } finally {
      job.cancel().get();
    }
    assertEachKeyOnce(TestCollections.wal(collection), count);
    TestCollections.assertResolvesTo(collection, expectedInserts(count));
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void restartAfterFailureNeitherLosesNorDuplicatesOps() throws Exception {
    Collection collection = TestCollections.create(warehouse, 2);
    long count = 4_000;
    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    env.enableCheckpointing(200);
    DataStream<VectorlakeRecord> rows = inserts(env, count, 2_000)
        .map(new FailOnce<>(2))
        .returns(VectorlakeRecord.class)
        .uid("fail-once");
    VectorlakeSink.builder()
        .warehouse(warehouse.toString())
        .collection(TestCollections.NAME)
        .batchRows(200)
        .append(rows);
    var result = env.execute("fail and restart");

    assertTrue(flinkCommits(collection) >= 2, "commits before and after the failure");
    assertEachKeyOnce(TestCollections.wal(collection), count);
    TestCollections.assertResolvesTo(collection, expectedInserts(count));
    assertTrue(result.getNetRuntime() > 0);
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void stopWithSavepointAndResumeWritesEveryOpOnce(@TempDir Path savepoints) throws Exception {
    Collection collection = TestCollections.create(warehouse, 2);
    long count = 4_000;
    StreamExecutionEnvironment first = environment(2, 200);
    VectorlakeSink.builder()
        .warehouse(warehouse.toString())
        .collection(TestCollections.NAME)
        .batchRows(200)
        .append(inserts(first, count, 1_000));
    JobClient job = first.executeAsync("before the savepoint");
    waitFor(() -> flinkCommits(collection) >= 1, "a first commit");
    String savepoint = job
        .stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
        .get();
    long before = TestCollections.wal(collection).size();
    assertTrue(before > 0 && before < count, "stopped midway, after " + before + " ops");

    StreamExecutionEnvironment second = environment(2, 200);
    VectorlakeSink.builder()
        .warehouse(warehouse.toString())
        .collection(TestCollections.NAME)
        .batchRows(200)
        .append(inserts(second, count, 1_000));
    StreamGraph graph = second.getStreamGraph();
    graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint));
    second.executeAsync(graph).getJobExecutionResult().get();

    assertEachKeyOnce(TestCollections.wal(collection), count);
    TestCollections.assertResolvesTo(collection, expectedInserts(count));
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void autoIdInsertsGetKeysAndLandOnceAcrossARestart() throws Exception {
    try (Warehouse w = Warehouse.local(warehouse)) {
      w.createCollection(CollectionId.parse(TestCollections.NAME), CollectionSchema.builder()
          .field(FieldSchema.primaryKey("id", DataType.INT64).autoId(true))
          .field(FieldSchema.floatVector("emb", TestCollections.DIM, MetricType.L2))
          .field(FieldSchema.builder("title", DataType.VARCHAR).maxLength(64))
          .shards(2)
          .build());
    }
    Collection collection = TestCollections.load(warehouse);
    long count = 3_000;
    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    env.enableCheckpointing(200);
    DataGeneratorSource<VectorlakeRecord> source = new DataGeneratorSource<>(
        id -> {
          Map<String, Object> row = TestCollections.row(id, 0);
          row.remove("id");
          return VectorlakeRecord.insert(row);
        },
        count, RateLimiterStrategy.perSecond(2_000), TypeInformation.of(VectorlakeRecord.class));
    DataStream<VectorlakeRecord> rows = env
        .fromSource(source, WatermarkStrategy.noWatermarks(), "rows").uid("rows")
        .map(new FailOnce<>(2)).returns(VectorlakeRecord.class).uid("fail-once");
    VectorlakeSink.builder()
        .warehouse(warehouse.toString())
        .collection(TestCollections.NAME)
        .batchRows(200)
        .append(rows);
    env.execute("auto-id");

    assertEachKeyOnce(TestCollections.wal(collection), count);
    Set<Object> titles = new HashSet<>();
    CollectionView.latest(collection).rows().values()
        .forEach(row -> titles.add(row.row().get("title")));
    assertEquals(count, titles.size(), "each generated row once, under its own new key");
  }

  static void waitFor(Check check, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!check.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(100);
    }
  }

  @FunctionalInterface
  interface Check {
    boolean holds() throws Exception;
  }
}
