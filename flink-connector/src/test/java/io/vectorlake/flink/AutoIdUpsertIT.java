package io.vectorlake.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.view.CollectionView;
import io.vectorlake.catalog.view.ResolvedRow;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Upserts into an auto-id collection through the Flink sink on a MiniCluster. */
class AutoIdUpsertIT {
  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder()
          .setNumberTaskManagers(1)
          .setNumberSlotsPerTaskManager(2)
          .build());

  @TempDir Path warehouse;

  /**
   * Issue 12.5 through Flink: an upsert with pk 5 into an empty auto-id collection kept key 5
   * unreserved, and one of the next ten inserts was given key 5 and replaced the row. The upsert
   * now gets a generated key (and deletes key 5), so 11 rows with keys 1..11 exist.
   */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void upsertThenInsertsKeepEveryRowUnderAllocatedKeys() throws Exception {
    try (Warehouse w = Warehouse.local(warehouse)) {
      w.createCollection(CollectionId.parse(TestCollections.NAME), CollectionSchema.builder()
          .field(FieldSchema.primaryKey("id", DataType.INT64).autoId(true))
          .field(FieldSchema.floatVector("emb", TestCollections.DIM, MetricType.L2))
          .field(FieldSchema.builder("title", DataType.VARCHAR).maxLength(64))
          .shards(2)
          .build());
    }
    run(1, id -> VectorlakeRecord.upsert(TestCollections.row(5, 100)));
    run(10, id -> {
      Map<String, Object> row = TestCollections.row(id, 0);
      row.remove("id");
      return VectorlakeRecord.insert(row);
    });

    Map<Object, ResolvedRow> rows =
        CollectionView.latest(TestCollections.load(warehouse)).rows();
    assertEquals(LongStream.rangeClosed(1, 11).boxed().collect(Collectors.toSet()),
        rows.keySet(), "11 keys, all handed out by the allocator");
    Set<Object> titles =
        rows.values().stream().map(r -> r.row().get("title")).collect(Collectors.toSet());
    Set<Object> written = LongStream.range(0, 10).mapToObj(id -> (Object) ("doc " + id + " v0"))
        .collect(Collectors.toSet());
    written.add("doc 5 v100");
    assertEquals(written, titles, "every written row survives, none replaced");
  }

  private void run(long count, GeneratorFunction<Long, VectorlakeRecord> records)
      throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    env.enableCheckpointing(200);
    DataGeneratorSource<VectorlakeRecord> source = new DataGeneratorSource<>(records, count,
        RateLimiterStrategy.perSecond(1_000), TypeInformation.of(VectorlakeRecord.class));
    VectorlakeSink.builder()
        .warehouse(warehouse.toString())
        .collection(TestCollections.NAME)
        .append(env.fromSource(source, WatermarkStrategy.noWatermarks(), "rows").uid("rows"));
    env.execute("auto-id upsert");
  }
}
