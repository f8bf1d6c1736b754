package io.vectorlake.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.wal.WalOp;
import io.vectorlake.catalog.wal.WalRecord;
import io.vectorlake.catalog.warehouse.Collection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Changelog input (RowData with row kinds) and rows that break the schema. */
class ChangelogAndValidationIT {
  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder()
          .setNumberTaskManagers(1)
          .setNumberSlotsPerTaskManager(4)
          .build());

  static final RowType DOCS = (RowType) DataTypes.ROW(
          DataTypes.FIELD("id", DataTypes.BIGINT().notNull()),
          DataTypes.FIELD("emb", DataTypes.ARRAY(DataTypes.FLOAT())),
          DataTypes.FIELD("title", DataTypes.STRING()))
      .getLogicalType();

  static final int KEYS = 600;

  @TempDir Path warehouse;

  /** Element i of the changelog: +I of every key, then -U/+U of every key, then -D of every third. */
  static RowData changelog(long i) {
    if (i < KEYS) {
      return docRow(RowKind.INSERT, i, 0);
    }
    if (i < 3L * KEYS) {
      long key = (i - KEYS) / 2;
      return (i - KEYS) % 2 == 0
          ? docRow(RowKind.UPDATE_BEFORE, key, 0) : docRow(RowKind.UPDATE_AFTER, key, 1);
    }
    return docRow(RowKind.DELETE, (i - 3L * KEYS) * 3, 1);
  }

  static RowData docRow(RowKind kind, long id, int version) {
    Map<String, Object> row = TestCollections.row(id, version);
    return GenericRowData.ofKind(kind, id, new GenericArrayData((float[]) row.get("emb")),
        StringData.fromString((String) row.get("title")));
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void changelogWithUpsertsAndDeletesResolvesToTheLatestRows() throws Exception {
    Collection collection = TestCollections.create(warehouse, 2);
    long elements = 3L * KEYS + KEYS / 3;
    StreamExecutionEnvironment env = VectorlakeSinkIT.environment(2, 200);
    DataStream<RowData> rows = env.fromSource(
            new DataGeneratorSource<>(ChangelogAndValidationIT::changelog, elements,
                RateLimiterStrategy.perSecond(2_000), InternalTypeInfo.of(DOCS)),
            WatermarkStrategy.noWatermarks(), "changelog")
        .setParallelism(1); // one producer keeps each key's changes in order
    VectorlakeSink.builder()
        .warehouse(warehouse.toString())
        .collection(TestCollections.NAME)
        .batchRows(150)
        .forRowData(DOCS)
        .append(rows);
    env.execute("changelog");

    List<WalRecord> wal = TestCollections.wal(collection);
    Map<WalOp, Integer> ops = new HashMap<>();
    wal.forEach(r -> ops.merge(r.op(), 1, Integer::sum));
    assertEquals(Map.of(WalOp.INSERT, KEYS, WalOp.UPSERT, KEYS, WalOp.DELETE, KEYS / 3), ops,
        "ops in the WAL (-U rows write nothing)");
    Map<Long, Map<String, Object>> expected = new HashMap<>();
    for (long id = 0; id < KEYS; id++) {
      if (id % 3 != 0) {
        expected.put(id, TestCollections.row(id, 1));
      }
    }
    TestCollections.assertResolvesTo(collection, expected);
  }

  static List<VectorlakeRecord> rowsWithOneBad(long badKey) {
    List<VectorlakeRecord> records = new ArrayList<>();
    for (long id = 0; id < 100; id++) {
      Map<String, Object> row = TestCollections.row(id, 0);
      if (id == badKey) {
        row.put("emb", new float[] {1, 2, 3});
      }
      records.add(VectorlakeRecord.insert(row));
    }
    return records;
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void rowBreakingTheSchemaFailsTheJobNamingItsKeyAndTheReason() {
    TestCollections.create(warehouse, 2);
    StreamExecutionEnvironment env = VectorlakeSinkIT.environment(2, 200);
    VectorlakeSink.builder()
        .warehouse(warehouse.toString())
        .collection(TestCollections.NAME)
        .append(env.fromData(rowsWithOneBad(42)));
    Exception e = assertThrows(Exception.class, () -> env.execute("bad row"));
    String message = ExceptionUtils.stringifyException(e);
    assertTrue(message.contains("collection db.docs rejected a row"), message);
    assertTrue(message.contains("expects dim 8, got 3"), message);
    assertTrue(message.contains("id=42"), message);
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void validRowsSendsRejectedRowsToTheSideOutput() throws Exception {
    Collection collection = TestCollections.create(warehouse, 2);
    StreamExecutionEnvironment env = VectorlakeSinkIT.environment(2, 200);
    VectorlakeSink<VectorlakeRecord> sink = VectorlakeSink.builder()
        .warehouse(warehouse.toString())
        .collection(TestCollections.NAME)
        .build();
    SingleOutputStreamOperator<VectorlakeRecord> valid = sink.validRows(env.fromData(rowsWithOneBad(42)));
    valid.sinkTo(sink);
    List<RejectedRow> rejected = new ArrayList<>();
    try (CloseableIterator<RejectedRow> it = valid.getSideOutput(VectorlakeSink.REJECTED_ROWS).collectAsync()) {
      env.execute("side output");
      it.forEachRemaining(rejected::add);
    }
    assertEquals(1, rejected.size());
    assertEquals(42L, rejected.get(0).primaryKey());
    assertTrue(rejected.get(0).reason().contains("expects dim 8, got 3"), rejected.get(0).reason());
    assertTrue(rejected.get(0).row().contains("emb=float[3]"), rejected.get(0).row());
    assertEquals(99, TestCollections.wal(collection).size());
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void upsertInsertsWritesInsertsAsUpserts() throws Exception {
    Collection collection = TestCollections.create(warehouse, 2);
    StreamExecutionEnvironment env = VectorlakeSinkIT.environment(1, 200);
    List<RowData> rows = new ArrayList<>();
    for (long id = 0; id < 20; id++) {
      rows.add(docRow(RowKind.INSERT, id, 0));
    }
    for (long id = 0; id < 20; id++) {
      rows.add(docRow(RowKind.INSERT, id, 1)); // a source re-sending rows as inserts
    }
    VectorlakeSink.builder()
        .warehouse(warehouse.toString())
        .collection(TestCollections.NAME)
        .upsertInserts(true)
        .forRowData(DOCS)
        .append(env.fromData(rows, InternalTypeInfo.of(DOCS)));
    env.execute("upsert inserts");

    List<WalRecord> wal = TestCollections.wal(collection);
    assertEquals(40, wal.size());
    assertTrue(wal.stream().allMatch(r -> r.op() == WalOp.UPSERT), "every op an UPSERT");
    Map<Long, Map<String, Object>> expected = new HashMap<>();
    for (long id = 0; id < 20; id++) {
      expected.put(id, TestCollections.row(id, 1));
    }
    TestCollections.assertResolvesTo(collection, expected);
  }
}
