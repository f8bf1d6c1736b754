package io.vectorlake.flink;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the builder checks while the job is built, before anything runs. */
class VectorlakeSinkBuilderTest {
  @TempDir Path warehouse;

  private DataStream<VectorlakeRecord> records(StreamExecutionEnvironment env) {
    return env.fromData(VectorlakeRecord.insert(TestCollections.row(1, 0)));
  }

  /**
   * Issue 12.2: the uid defaults to the collection name, so a second sink on the collection in
   * the same job had the first one's uid; Flink refused the job only at submission, with a hash
   * collision. The builder says which setting to change instead.
   */
  @Test
  void secondSinkOnACollectionWithTheDefaultUidFailsNamingUidSuffix() {
    TestCollections.create(warehouse, 1);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    VectorlakeSink.builder().warehouse(warehouse.toString()).collection(TestCollections.NAME)
        .append(records(env));

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> VectorlakeSink.builder().warehouse(warehouse.toString())
            .collection(TestCollections.NAME).append(records(env)));
    assertTrue(e.getMessage().contains(".uidSuffix("), e.getMessage());
    assertTrue(e.getMessage().contains("vectorlake-sink-" + TestCollections.NAME), e.getMessage());
  }

  @Test
  void sinksOnOneCollectionWithTheirOwnUidsBuild() {
    TestCollections.create(warehouse, 1);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    VectorlakeSink.builder().warehouse(warehouse.toString()).collection(TestCollections.NAME)
        .append(records(env));
    VectorlakeSink.builder().warehouse(warehouse.toString()).collection(TestCollections.NAME)
        .uidSuffix("backfill").append(records(env));
    assertDoesNotThrow(() -> env.getStreamGraph());
  }
}
