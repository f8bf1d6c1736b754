package io.vectorlake.catalog.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.schema.TestSchemas;
import io.vectorlake.catalog.view.CollectionView;
import io.vectorlake.catalog.wal.WalBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarehouseTest {
  @TempDir Path dir;

  @Test
  void schemaRoundTripsThroughTheWarehouse() {
    CollectionSchema schema = TestSchemas.everyFieldType();
    try (Warehouse warehouse = Warehouse.local(dir)) {
      warehouse.createCollection(CollectionId.parse("db.docs"), schema);
    }
    try (Warehouse reopened = Warehouse.local(dir)) {
      Collection loaded = reopened.loadCollection(CollectionId.parse("db.docs"));
      CollectionSchema read = loaded.schema();
      assertEquals(schema.fields().size(), read.fields().size());
      for (int i = 0; i < schema.fields().size(); i++) {
        FieldSchema expected = schema.fields().get(i);
        FieldSchema actual = read.fields().get(i);
        assertTrue(actual.id() > 0, "field ids come from the Iceberg columns");
        assertEquals(expected, actual.withId(0));
        assertEquals(
            actual.id(), loaded.walTable().schema().findField(actual.name()).fieldId());
      }
      assertEquals(schema, read.withFieldIds(java.util.Collections.nCopies(read.fields().size(), 0)));
      assertEquals("every field type", loaded.walTable().properties().get("comment"));
    }
  }

  @Test
  void createListDescribeDrop() {
    try (Warehouse warehouse = Warehouse.local(dir)) {
      CollectionSchema schema = smallSchema();
      warehouse.createCollection(CollectionId.parse("b"), schema);
      warehouse.createCollection(CollectionId.parse("a"), schema);
      warehouse.createCollection(CollectionId.parse("other.c"), schema);
      assertEquals(
          List.of(CollectionId.parse("default.a"), CollectionId.parse("default.b")),
          warehouse.listCollections("default"));
      assertEquals(List.of("default", "other"), warehouse.listDatabases());
      assertTrue(warehouse.hasCollection(CollectionId.parse("other.c")));

      assertThrows(
          CollectionExistsException.class,
          () -> warehouse.createCollection(CollectionId.parse("a"), schema));

      assertTrue(warehouse.dropCollection(CollectionId.parse("a")));
      assertFalse(warehouse.dropCollection(CollectionId.parse("a")));
      NoSuchCollectionException e =
          assertThrows(
              NoSuchCollectionException.class,
              () -> warehouse.loadCollection(CollectionId.parse("a")));
      assertEquals("collection 'default.a' does not exist", e.getMessage());
      assertThrows(
          NoSuchCollectionException.class,
          () -> warehouse.loadCollection(CollectionId.parse("nodb.a")));
      assertEquals(List.of(CollectionId.parse("b")), warehouse.listCollections("default"));
    }
  }

  @Test
  void databasesMustBeEmptyToDrop() {
    try (Warehouse warehouse = Warehouse.local(dir)) {
      warehouse.createDatabase("analytics");
      warehouse.createCollection(CollectionId.parse("analytics.c"), smallSchema());
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> warehouse.dropDatabase("analytics"));
      assertTrue(e.getMessage().contains("still holds collections"), e.getMessage());
      warehouse.dropCollection(CollectionId.parse("analytics.c"));
      warehouse.dropDatabase("analytics");
      assertEquals(List.of("default"), warehouse.listDatabases());
      assertThrows(IllegalArgumentException.class, () -> warehouse.dropDatabase("default"));
    }
  }

  @Test
  void collectionNamesFollowMilvusRules() {
    assertThrows(IllegalArgumentException.class, () -> CollectionId.parse("db.9lives"));
    assertThrows(IllegalArgumentException.class, () -> CollectionId.parse("has-dash"));
    assertThrows(IllegalArgumentException.class, () -> CollectionId.parse("a.b.c"));
    assertEquals(new CollectionId("default", "docs"), CollectionId.parse("docs"));
  }

  @Test
  void partitionsCanBeCreatedListedAndDropped() {
    try (Warehouse warehouse = Warehouse.local(dir)) {
      Collection c = warehouse.createCollection(CollectionId.parse("p"), smallSchema());
      c.createPartition("y2024");
      c.createPartition("_b");
      assertEquals(List.of("_default", "y2024", "_b").size(), c.partitionNames().size());
      assertEquals("_default", c.partitionNames().get(0));
      assertTrue(c.hasPartition("y2024"));
      assertThrows(IllegalArgumentException.class, () -> c.createPartition("y2024"));
      assertThrows(IllegalArgumentException.class, () -> c.dropPartition("_default"));
      assertThrows(IllegalArgumentException.class, () -> c.dropPartition("missing"));
      c.dropPartition("y2024");
      assertFalse(c.hasPartition("y2024"));
    }
  }

  @Test
  void droppingAPartitionHidesItsRowsAndRecreatingStartsEmpty() {
    try (Warehouse warehouse = Warehouse.local(dir)) {
      Collection c = warehouse.createCollection(CollectionId.parse("p"), smallSchema());
      c.createPartition("p1");
      c.walWriter().commit(new WalBatch().insert("p1", row(1)).insert(row(2)));
      assertEquals(2, CollectionView.latest(c).size());
      c.dropPartition("p1");
      assertEquals(Set.of(2L), CollectionView.latest(c).rows().keySet());
      c.createPartition("p1");
      assertEquals(Set.of(2L), CollectionView.latest(c).rows().keySet());
      c.walWriter().commit(new WalBatch().insert("p1", row(3)));
      assertEquals(Set.of(2L, 3L), CollectionView.latest(c).rows().keySet());
    }
  }

  @Test
  void autoIdKeysAreUniqueAcrossConcurrentWriters() throws Exception {
    CollectionSchema schema =
        CollectionSchema.builder()
            .field(FieldSchema.primaryKey("id", DataType.INT64).autoId(true))
            .field(FieldSchema.floatVector("v", 2, MetricType.IP))
            .build();
    try (Warehouse first = Warehouse.local(dir)) {
      first.createCollection(CollectionId.parse("auto"), schema);
    }
    // Two warehouses on one directory stand for two writer processes.
    try (Warehouse a = Warehouse.local(dir);
        Warehouse b = Warehouse.local(dir)) {
      List<Collection> writers =
          List.of(
              a.loadCollection(CollectionId.parse("auto")),
              b.loadCollection(CollectionId.parse("auto")));
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<List<Object>>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        Collection writer = writers.get(t % 2);
        results.add(
            pool.submit(
                () -> {
                  WalBatch batch = new WalBatch();
                  for (int i = 0; i < 25; i++) {
                    batch.insert(Map.of("v", new float[] {i, 1}));
                  }
                  return writer.walWriter().commit(batch).primaryKeys();
                }));
      }
      Set<Object> keys = new HashSet<>();
      for (Future<List<Object>> result : results) {
        keys.addAll(result.get());
      }
      pool.shutdown();
      assertEquals(200, keys.size(), "every generated key is distinct");
      assertEquals(200, CollectionView.latest(writers.get(0)).size());
    }
  }

  @Test
  void varcharAutoIdKeysAreStrings() {
    CollectionSchema schema =
        CollectionSchema.builder()
            .field(FieldSchema.primaryKey("id", DataType.VARCHAR).maxLength(32).autoId(true))
            .field(FieldSchema.floatVector("v", 2, MetricType.IP))
            .build();
    try (Warehouse warehouse = Warehouse.local(dir)) {
      Collection c = warehouse.createCollection(CollectionId.parse("s"), schema);
      List<Object> keys =
          c.walWriter().commit(new WalBatch().insert(Map.of("v", List.of(1, 2)))).primaryKeys();
      assertEquals(String.class, keys.get(0).getClass());
      assertTrue(CollectionView.latest(c).get(keys.get(0)).isPresent());
    }
  }

  static CollectionSchema smallSchema() {
    return CollectionSchema.builder()
        .field(FieldSchema.primaryKey("id", DataType.INT64))
        .field(FieldSchema.floatVector("v", 2, MetricType.L2))
        .shards(2)
        .build();
  }

  static Map<String, Object> row(long id) {
    return Map.of("id", id, "v", new float[] {id, -id});
  }
}
