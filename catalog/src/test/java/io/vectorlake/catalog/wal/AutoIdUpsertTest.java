package io.vectorlake.catalog.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.view.CollectionView;
import io.vectorlake.catalog.view.ResolvedRow;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Upserts into an auto-id collection, checked against a model of Milvus' documented behaviour. */
class AutoIdUpsertTest {
  static final CollectionSchema SCHEMA =
      CollectionSchema.builder()
          .field(FieldSchema.primaryKey("id", DataType.INT64).autoId(true))
          .field(FieldSchema.floatVector("v", 2, MetricType.L2))
          .field(FieldSchema.builder("tag", DataType.INT64))
          .build();

  @TempDir Path dir;

  /**
   * Scenario of issue 12.5: an upsert with pk 5 into an empty auto-id collection kept key 5
   * without reserving it, so one of the next ten inserts got key 5 and silently replaced it.
   * Milvus generates a new key for the upserted row and deletes the key it carried.
   */
  @Test
  void upsertGetsAGeneratedKeyAndLaterInsertsReplaceNothing() {
    try (Warehouse warehouse = Warehouse.local(dir)) {
      Collection c = warehouse.createCollection(CollectionId.parse("auto"), SCHEMA);
      WalCommit upsert =
          c.walWriter().commit(new WalBatch().upsert(row(5L, 100)));
      WalBatch inserts = new WalBatch();
      for (int i = 0; i < 10; i++) {
        inserts.insert(row(null, i));
      }
      WalCommit inserted = c.walWriter().commit(inserts);

      assertEquals(1, upsert.primaryKeys().size(), "one key per op of the request");
      assertNotEquals(5L, upsert.primaryKeys().get(0), "the carried key is not kept");
      assertEquals(10, inserted.primaryKeys().size());
      Map<Object, ResolvedRow> rows = CollectionView.latest(c).rows();
      // The allocator starts at 1 and handed out 11 keys: exactly those exist.
      assertEquals(
          LongStream.rangeClosed(1, 11).boxed().collect(Collectors.toSet()), rows.keySet());
      Map<Long, Object> keyOfTag = new HashMap<>();
      rows.values().forEach(r -> keyOfTag.put((Long) r.row().get("tag"), r.primaryKey()));
      assertEquals(11, keyOfTag.size(), "every written row survives, none replaced");
      assertEquals(upsert.primaryKeys().get(0), keyOfTag.get(100L));
      for (int i = 0; i < 10; i++) {
        assertEquals(inserted.primaryKeys().get(i), keyOfTag.get((long) i));
      }
    }
  }

  /** Scenario: upserting a row read back (with its generated key) replaces it, as in Milvus. */
  @Test
  void upsertOfAnExistingKeyDeletesItAndInsertsUnderANewKey() {
    try (Warehouse warehouse = Warehouse.local(dir)) {
      Collection c = warehouse.createCollection(CollectionId.parse("auto"), SCHEMA);
      List<Object> keys = c.walWriter()
          .commit(new WalBatch().insert(row(null, 1)).insert(row(null, 2))).primaryKeys();
      Object replaced = keys.get(0);
      Object newKey = c.walWriter().commit(new WalBatch().upsert(row(replaced, 10)))
          .primaryKeys().get(0);

      Map<Object, ResolvedRow> rows = CollectionView.latest(c).rows();
      assertEquals(Set.of(keys.get(1), newKey), rows.keySet());
      assertFalse(rows.containsKey(replaced));
      assertEquals(10L, rows.get(newKey).row().get("tag"));
    }
  }

  static Map<String, Object> row(Object id, long tag) {
    Map<String, Object> row = new HashMap<>();
    if (id != null) {
      row.put("id", id);
    }
    row.put("v", new float[] {tag, 1});
    row.put("tag", tag);
    return row;
  }
}
