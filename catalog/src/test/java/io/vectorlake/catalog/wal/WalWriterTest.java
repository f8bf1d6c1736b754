package io.vectorlake.catalog.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.schema.TestSchemas;
import io.vectorlake.catalog.schema.InvalidRowException;
import io.vectorlake.catalog.schema.Row;
import io.vectorlake.catalog.schema.RowValidator;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalWriterTest {
  @TempDir Path dir;
  private Warehouse warehouse;
  private Collection collection;

  @BeforeEach
  void createCollection() {
    warehouse = Warehouse.local(dir);
    collection =
        warehouse.createCollection(
            CollectionId.parse("db.docs"), TestSchemas.everyFieldType());
  }

  @AfterEach
  void close() {
    warehouse.close();
  }

  @Test
  void whatWasWrittenIsWhatIsRead() {
    RandomRows random = new RandomRows(1);
    RowValidator validator = new RowValidator(collection.schema());
    WalBatch batch = new WalBatch();
    Map<Object, Row> expected = new HashMap<>();
    for (long id = 0; id < 200; id++) {
      Map<String, Object> row = random.row(id);
      batch.insert(row);
      expected.put(id, validator.validate(row, false));
    }
    WalCommit commit = collection.walWriter().commit(batch);

    List<WalRecord> read = collection.walReader().read(0, commit.position());
    assertEquals(200, read.size());
    for (WalRecord record : read) {
      assertEquals(WalOp.INSERT, record.op());
      assertEquals(commit.position(), record.position());
      assertEquals("_default", record.partition());
      assertEquals(Sharding.shardOf(record.primaryKey(), 3), record.shard());
      assertEquals(expected.get(record.primaryKey()), record.row(), "row " + record.primaryKey());
    }
    // Offsets are the batch order, so reading back in WAL order gives the batch order.
    assertEquals(
        commit.primaryKeys(), read.stream().map(WalRecord::primaryKey).toList());
  }

  @Test
  void eachShardGetsItsOwnFile() {
    WalBatch batch = new WalBatch();
    RandomRows random = new RandomRows(2);
    for (long id = 0; id < 50; id++) {
      batch.insert(random.row(id));
    }
    collection.walWriter().commit(batch);
    assertEquals(
        "3", collection.walSnapshot().summary().get("added-data-files"),
        "one file per shard for 50 keys over 3 shards");
  }

  @Test
  void readerFiltersByShardAndRange() {
    RandomRows random = new RandomRows(3);
    WalWriter writer = collection.walWriter();
    long first = writer.commit(new WalBatch().insert(random.row(1)).insert(random.row(2))).position();
    long second = writer.commit(new WalBatch().insert(random.row(3)).delete(1L)).position();

    WalReader reader = collection.walReader();
    assertEquals(2, reader.read(0, first).size());
    List<WalRecord> tail = reader.read(first, second);
    assertEquals(List.of(3L, 1L), tail.stream().map(WalRecord::primaryKey).toList());
    assertEquals(WalOp.DELETE, tail.get(1).op());
    assertNull(tail.get(1).row());
    assertNull(tail.get(1).partition(), "a delete without partition applies to all");

    int shardOfThree = Sharding.shardOf(3L, 3);
    List<WalRecord> oneShard = reader.read(0, second, Set.of(shardOfThree));
    assertTrue(oneShard.stream().allMatch(r -> r.shard() == shardOfThree));
    assertTrue(oneShard.stream().anyMatch(r -> r.primaryKey().equals(3L)));
    assertEquals(0, reader.read(second, second).size());
  }

  @Test
  void badBatchWritesNothing() throws IOException {
    RandomRows random = new RandomRows(4);
    collection.walWriter().commit(new WalBatch().insert(random.row(1)));
    long snapshotBefore = collection.walSnapshot().snapshotId();
    long filesBefore = dataFiles();

    Map<String, Object> bad = random.row(3);
    bad.put("emb", new float[] {1, 2, 3});
    WalBatch batch = new WalBatch().insert(random.row(2)).insert(bad).insert(random.row(4));
    InvalidRowException e =
        assertThrows(InvalidRowException.class, () -> collection.walWriter().commit(batch));
    assertTrue(e.getMessage().startsWith("op 1 (INSERT): vector field 'emb' expects dim 4, got 3"),
        e.getMessage());
    assertEquals("emb", e.field());

    assertEquals(snapshotBefore, collection.walSnapshot().snapshotId());
    assertEquals(filesBefore, dataFiles());
    assertEquals(1, collection.walReader().read(0, collection.walPosition()).size());
  }

  @Test
  void unknownPartitionIsRejected() {
    InvalidRowException e =
        assertThrows(
            InvalidRowException.class,
            () -> collection.walWriter().commit(new WalBatch().insert("nope", new RandomRows(5).row(1))));
    assertTrue(e.getMessage().contains("partition 'nope' does not exist"), e.getMessage());
  }

  @Test
  void opsCarryTheirPartition() {
    collection.createPartition("p1");
    RandomRows random = new RandomRows(6);
    long position =
        collection.walWriter()
            .commit(new WalBatch().insert("p1", random.row(1)).upsert(random.row(2)).delete("p1", 1L))
            .position();
    List<String> partitions =
        collection.walReader().read(0, position).stream().map(WalRecord::partition).toList();
    assertEquals(List.of("p1", "_default", "p1"), partitions);
  }

  @Test
  void stagedBatchesOfTwoWritersCommitAsOne() throws IOException {
    RandomRows random = new RandomRows(9);
    WalWriter first = collection.walWriter();
    WalWriter second = collection.walWriter();
    StagedWal a = first.stage(new WalBatch().insert(random.row(1)).insert(random.row(2)), 0);
    StagedWal b = second.stage(new WalBatch().insert(random.row(3)), 0);
    assertNull(collection.walSnapshot(), "staged files are not visible");

    WalCommit commit = first.commitStaged(List.of(a, b), Map.of("flink.checkpoint-id", "7"));
    assertEquals(List.of(1L, 2L, 3L), commit.primaryKeys());
    assertEquals("7", collection.walSnapshot().summary().get("flink.checkpoint-id"));
    assertEquals(3, collection.walReader().read(0, commit.position()).size());

    long before = dataFiles();
    StagedWal aborted = first.stage(new WalBatch().insert(random.row(4)), 100);
    assertTrue(dataFiles() > before);
    first.abort(List.of(aborted));
    assertEquals(before, dataFiles());
  }

  @Test
  void emptyBatchIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> collection.walWriter().commit(new WalBatch()));
  }

  private long dataFiles() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.toString().endsWith(".parquet")).count();
    }
  }

  static List<Object> keysOf(List<WalRecord> records) {
    List<Object> keys = new ArrayList<>();
    records.forEach(r -> keys.add(r.primaryKey()));
    return keys;
  }
}
