package io.vectorlake.catalog.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.schema.InvalidRowException;
import io.vectorlake.catalog.schema.Row;
import io.vectorlake.catalog.schema.RowValidator;
import io.vectorlake.catalog.schema.TestSchemas;
import io.vectorlake.catalog.testing.InProcessS3;
import io.vectorlake.catalog.view.CollectionView;
import io.vectorlake.catalog.wal.RandomRows;
import io.vectorlake.catalog.wal.WalBatch;
import io.vectorlake.catalog.wal.WalRecord;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The WAL round trip on object storage: a JDBC catalog (SQLite here, PostgreSQL in a cluster),
 * which commits atomically by itself, with Iceberg's S3FileIO against a real S3 protocol server.
 */
class S3WarehouseIT {
  private static InProcessS3 s3;

  @TempDir Path dir;

  @BeforeAll
  static void startS3() throws Exception {
    s3 = InProcessS3.start();
    s3.createBucket("lake");
  }

  @AfterAll
  static void stopS3() throws Exception {
    s3.close();
  }

  private Map<String, String> properties(String prefix) {
    Map<String, String> props = new HashMap<>(s3.s3FileIoProperties());
    props.put("type", "jdbc");
    props.put("uri", "jdbc:sqlite:" + dir.resolve("catalog.db"));
    props.put("jdbc.schema-version", "V1");
    props.put("warehouse", "s3://lake/" + prefix);
    return props;
  }

  @Test
  void walRoundTripOnS3() {
    CollectionId id = CollectionId.parse("db.docs");
    RandomRows random = new RandomRows(7);
    Map<Object, Row> expected = new HashMap<>();
    long position;
    try (Warehouse warehouse = Warehouse.open(properties("roundtrip"))) {
      Collection collection = warehouse.createCollection(id, TestSchemas.everyFieldType());
      RowValidator validator = new RowValidator(collection.schema());
      WalBatch batch = new WalBatch();
      for (long key = 0; key < 100; key++) {
        Map<String, Object> row = random.row(key);
        batch.insert(row);
        expected.put(key, validator.validate(row, false));
      }
      collection.walWriter().commit(batch);
      position = collection.walWriter().commit(new WalBatch().delete(5L).upsert(random.row(6))).position();
      expected.remove(5L);
      expected.put(6L, null); // replaced; checked below
    }
    try (Warehouse reopened = Warehouse.open(properties("roundtrip"))) {
      Collection collection = reopened.loadCollection(id);
      assertEquals(position, collection.walPosition());
      List<WalRecord> ops = collection.walReader().read(0, position);
      assertEquals(102, ops.size());
      CollectionView view = CollectionView.latest(collection);
      assertEquals(99, view.size());
      expected.forEach(
          (key, row) -> {
            if (row != null) {
              assertEquals(row, view.get(key).orElseThrow(), "row " + key);
            }
          });
      assertTrue(view.get(6L).isPresent());
      assertTrue(view.get(5L).isEmpty());
    }
    try (S3Client client = s3.client()) {
      long objects =
          client.listObjectsV2(b -> b.bucket("lake").prefix("roundtrip/")).contents().stream()
              .filter(o -> o.key().endsWith(".parquet"))
              .count();
      assertEquals(4, objects, "three shard files for the inserts, one for the second commit");
    }
  }

  @Test
  void badBatchLeavesTheS3WalUnchanged() {
    try (Warehouse warehouse = Warehouse.open(properties("bad"))) {
      Collection collection =
          warehouse.createCollection(CollectionId.parse("db.bad"), TestSchemas.everyFieldType());
      RandomRows random = new RandomRows(8);
      collection.walWriter().commit(new WalBatch().insert(random.row(1)));
      long snapshot = collection.walSnapshot().snapshotId();
      Map<String, Object> bad = random.row(2);
      bad.put("i8", 1000);
      assertThrows(
          InvalidRowException.class,
          () -> collection.walWriter().commit(new WalBatch().insert(random.row(3)).insert(bad)));
      assertEquals(snapshot, collection.walSnapshot().snapshotId());
      assertEquals(1, CollectionView.latest(collection).size());
    }
  }
}
