package io.vectorlake.serving.load;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.wal.WalBatch;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 point 2: a released collection leaves nothing behind in the follower. A refresh of a
 * closed collection reads nothing, so a follower task left scheduled after Release shows only as
 * the collection (its growing rows and resolved keys) staying reachable: here, a weak reference
 * that is never cleared.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReleasedCollectionIT {
  private static final CollectionId ID = CollectionId.parse("followed");

  @TempDir Path dir;

  @Test
  void aReleasedCollectionIsNoLongerReachableFromItsFollower() throws Exception {
    try (Warehouse warehouse = Warehouse.local(dir)) {
      var collection = warehouse.createCollection(ID, CollectionSchema.builder()
          .field(FieldSchema.primaryKey("id", DataType.INT64))
          .field(FieldSchema.floatVector("vector", 2, MetricType.L2))
          .shards(1)
          .build());
      WalBatch batch = new WalBatch();
      batch.insert(Map.of("id", 1L, "vector", new float[] {1, 0}));
      collection.walWriter().commit(batch);

      LoadedCollections loaded =
          new LoadedCollections(warehouse, dir.resolve("cache"), null, Duration.ofMillis(50));
      try {
        WeakReference<LoadedCollection> released = new WeakReference<>(loaded.load(ID));
        Thread.sleep(200); // a few refreshes
        loaded.release(ID, true);
        awaitCleared(released);
      } finally {
        loaded.closeAll();
      }
    }
  }

  private static void awaitCleared(WeakReference<?> reference) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (reference.get() != null) {
      assertTrue(System.nanoTime() < deadline,
          "the released collection is still reachable (a follower still holds it?)");
      System.gc();
      Thread.sleep(50);
    }
  }
}
