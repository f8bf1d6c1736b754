package io.vectorlake.catalog.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFiles;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading the WAL's newest commits, as a serving node does before every Strong read and its
 * follower every interval, on a WAL with a long history. Checked against a model of the ops
 * committed. The tests share one history of 150 commits (one manifest merge); the one that
 * deletes files runs last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WalTailReadTest {
  private static final int COMMITS = 150;
  private static final int SHARDS = 2;

  @TempDir static Path dir;
  private Warehouse warehouse;
  private Collection collection;
  /** The model: every op committed, as (position, key, op), in WAL order. */
  private final List<Op> committed = new ArrayList<>();

  record Op(long position, Object key, WalOp op) {}

  @BeforeAll
  void commitALongHistory() {
    warehouse = Warehouse.open(Map.of(
        CatalogProperties.WAREHOUSE_LOCATION, dir.toString(),
        CatalogProperties.FILE_IO_IMPL, ManifestCountingFileIO.class.getName()));
    collection = warehouse.createCollection(CollectionId.parse("db.tail"), CollectionSchema.builder()
        .field(FieldSchema.primaryKey("id", DataType.INT64))
        .field(FieldSchema.floatVector("v", 2, MetricType.L2))
        .shards(SHARDS)
        .build());
    WalWriter writer = collection.walWriter();
    long key = 0;
    for (int c = 0; c < COMMITS; c++) {
      WalBatch batch = new WalBatch();
      List<Object[]> ops = new ArrayList<>();
      for (int i = 0; i < 3; i++, key++) {
        batch.insert(Map.of("id", key, "v", new float[] {key, c}));
        ops.add(new Object[] {key, WalOp.INSERT});
      }
      if (c % 7 == 6) {
        batch.delete(key - 10);
        ops.add(new Object[] {key - 10, WalOp.DELETE});
      }
      long position = writer.commit(batch).position();
      ops.forEach(op -> committed.add(new Op(position, op[0], (WalOp) op[1])));
    }
  }

  @AfterAll
  void close() {
    warehouse.close();
  }

  /**
   * bench-metadata's Strong reads: each one read only the commit or two since the last, yet
   * planned the whole WAL table, opening every manifest of the snapshot (up to Iceberg's merge
   * threshold of 100), which was over half of the serving node's CPU in a JFR profile. A read of
   * {@code (after, upTo]} must open only manifests written after {@code after}.
   */
  @Test
  @Order(1)
  void aReadOfTheNewestCommitOpensOnlyTheNewestManifests() {
    Table wal = collection.walTable();
    int manifests = wal.currentSnapshot().dataManifests(wal.io()).size();
    assertTrue(manifests >= 20, "the history must span many manifests to show anything: "
        + manifests);
    WalReader reader = collection.walReader();
    long position = collection.walPosition();

    long before = ManifestCountingFileIO.manifestsOpened();
    List<WalRecord> tail = reader.read(position - 1, position);
    long opened = ManifestCountingFileIO.manifestsOpened() - before;

    assertEquals(ops(position - 1, position, null), ops(tail));
    assertTrue(opened <= 2, "a read of one commit opened " + opened + " of the snapshot's "
        + manifests + " manifests");
  }

  @Test
  @Order(2)
  void everyRangeAndShardReadsWhatWasCommitted() {
    WalReader reader = collection.walReader();
    long position = collection.walPosition();
    for (long after : new long[] {0, 1, 40, 99, 100, position - 3, position}) {
      assertEquals(ops(after, position, null), ops(reader.read(after, position)), "after " + after);
      for (int shard = 0; shard < SHARDS; shard++) {
        assertEquals(ops(after, position, shard), ops(reader.read(after, position, Set.of(shard))),
            "after " + after + ", shard " + shard);
      }
    }
    assertEquals(ops(10, 60, null), ops(reader.read(10, 60)), "an older range");
  }

  /**
   * WAL retention deletes sealed files, and Iceberg rewrites the manifests that listed them: the
   * ops after the deleted range must read as before.
   */
  @Test
  @Order(3)
  void rangesAfterDeletedFilesReadAsBefore() throws Exception {
    Table wal = collection.walTable();
    long cut = 60;
    DeleteFiles delete = wal.newDelete();
    try (CloseableIterable<FileScanTask> tasks = wal.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        DataFile file = task.file();
        if (file.dataSequenceNumber() <= cut) {
          delete.deleteFile(file);
        }
      }
    }
    delete.commit();
    WalReader reader = collection.walReader();
    long position = collection.walSnapshot().sequenceNumber(); // the delete's commit is a position too
    for (long after : new long[] {cut, cut + 1, 120, position - 1}) {
      assertEquals(ops(after, position, null), ops(reader.read(after, position)), "after " + after);
    }
  }

  private List<Op> ops(long after, long upTo, Integer shard) {
    return committed.stream()
        .filter(op -> op.position() > after && op.position() <= upTo)
        .filter(op -> shard == null || Sharding.shardOf(op.key(), SHARDS) == shard)
        .toList();
  }

  private static List<Op> ops(List<WalRecord> records) {
    return records.stream().map(r -> new Op(r.position(), r.primaryKey(), r.op())).toList();
  }
}
