package io.vectorlake.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.wal.WalRecord;
import io.vectorlake.catalog.warehouse.Collection;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
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
}
