package io.vectorlake.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.warehouse.Collection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The {@code 'connector' = 'vectorlake'} table through Flink SQL. */
class VectorlakeSqlIT {
  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder()
          .setNumberTaskManagers(1)
          .setNumberSlotsPerTaskManager(4)
          .build());

  @TempDir Path warehouse;

  private StreamTableEnvironment tables(StreamExecutionEnvironment env) {
    StreamTableEnvironment tables = StreamTableEnvironment.create(env);
    tables.executeSql("CREATE TABLE docs (id BIGINT, emb ARRAY<FLOAT>, title STRING,"
        + " PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'vectorlake',"
        + " 'warehouse' = '" + warehouse + "', 'collection' = 'db.docs',"
        + " 'sink.parallelism' = '2', 'sink.batch-rows' = '40')");
    return tables;
  }

  private static String vectorLiteral(float[] v) {
    List<String> parts = new ArrayList<>();
    for (float x : v) {
      parts.add("CAST(" + x + " AS FLOAT)");
    }
    return "ARRAY[" + String.join(", ", parts) + "]";
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void insertIntoWritesTheRows() throws Exception {
    Collection collection = TestCollections.create(warehouse, 2);
    StreamExecutionEnvironment env = VectorlakeSinkIT.environment(2, 200);
    StreamTableEnvironment tables = tables(env);
    int count = 120;
    List<String> values = new ArrayList<>();
    Map<Long, Map<String, Object>> expected = new HashMap<>();
    for (long id = 0; id < count; id++) {
      Map<String, Object> row = TestCollections.row(id, 0);
      values.add("(CAST(" + id + " AS BIGINT), " + vectorLiteral((float[]) row.get("emb"))
          + ", '" + row.get("title") + "')");
      expected.put(id, row);
    }
    tables.executeSql("INSERT INTO docs SELECT * FROM (VALUES " + String.join(", ", values)
        + ") AS t(id, emb, title)").await();

    assertEquals(count, TestCollections.wal(collection).size());
    TestCollections.assertResolvesTo(collection, expected);
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void upsertChangelogIntoKeyedTableAppliesUpdatesAndDeletes() throws Exception {
    Collection collection = TestCollections.create(warehouse, 2);
    StreamExecutionEnvironment env = VectorlakeSinkIT.environment(1, 200);
    StreamTableEnvironment tables = tables(env);
    List<Row> changes = new ArrayList<>();
    for (long id = 0; id < 30; id++) {
      changes.add(sqlRow(RowKind.INSERT, id, 0));
    }
    for (long id = 0; id < 30; id += 2) {
      changes.add(sqlRow(RowKind.UPDATE_AFTER, id, 1));
    }
    for (long id = 0; id < 30; id += 5) {
      changes.add(sqlRow(RowKind.DELETE, id, 1));
    }
    TypeInformation<Row> type = Types.ROW_NAMED(new String[] {"id", "emb", "title"},
        Types.LONG, Types.OBJECT_ARRAY(Types.FLOAT), Types.STRING);
    DataStream<Row> stream = env.fromData(changes, type);
    tables.fromChangelogStream(stream,
            Schema.newBuilder()
                .column("id", DataTypes.BIGINT().notNull())
                .column("emb", DataTypes.ARRAY(DataTypes.FLOAT()))
                .column("title", DataTypes.STRING())
                .primaryKey("id")
                .build(),
            ChangelogMode.upsert())
        .executeInsert("docs")
        .await();

    Map<Long, Map<String, Object>> expected = new HashMap<>();
    for (long id = 0; id < 30; id++) {
      if (id % 5 != 0) {
        expected.put(id, TestCollections.row(id, id % 2 == 0 ? 1 : 0));
      }
    }
    TestCollections.assertResolvesTo(collection, expected);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void columnThatIsNotAFieldIsNamedWhenTheStatementIsPlanned() {
    TestCollections.create(warehouse, 1);
    StreamTableEnvironment tables =
        StreamTableEnvironment.create(VectorlakeSinkIT.environment(1, 200));
    tables.executeSql("CREATE TABLE wrong (id BIGINT, emb ARRAY<FLOAT>, colour STRING)"
        + " WITH ('connector' = 'vectorlake', 'warehouse' = '" + warehouse + "',"
        + " 'collection' = 'db.docs')");
    Exception e = assertThrows(Exception.class, () -> tables.executeSql(
        "INSERT INTO wrong VALUES (CAST(1 AS BIGINT), ARRAY[CAST(1.0 AS FLOAT)], 'red')"));
    String message = ExceptionUtils.stringifyException(e);
    assertTrue(message.contains("column 'colour' is not a field"), message);
  }

  private static Row sqlRow(RowKind kind, long id, int version) {
    Map<String, Object> row = TestCollections.row(id, version);
    float[] v = (float[]) row.get("emb");
    Float[] boxed = new Float[v.length];
    for (int i = 0; i < v.length; i++) {
      boxed[i] = v[i];
    }
    return Row.ofKind(kind, id, boxed, row.get("title"));
  }
}
