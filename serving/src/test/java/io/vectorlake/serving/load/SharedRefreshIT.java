package io.vectorlake.serving.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.wal.WalBatch;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrent Strong reads share refreshes. Reproduces issue 15's finding that Strong reads were
 * serialised on one {@code synchronized} refresh, each reading the warehouse in turn, so N
 * concurrent Strong reads cost N metadata round trips; and checks that sharing never answers a
 * Strong read from a snapshot older than a write acknowledged before the read began. Metadata
 * reads pay an object store's latency ({@link SlowMetadataFileSystem}), as a refresh does on S3.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SharedRefreshIT {
  private static final CollectionId ID = CollectionId.parse("shared_refresh");
  private static final int READERS = 8;
  private static final int READS_EACH = 40;

  @TempDir Path dir;

  @Test
  void concurrentStrongReadsShareRefreshesAndSeeEveryAcknowledgedWrite() throws Exception {
    Map<String, String> props = new HashMap<>(SlowMetadataFileSystem.warehouseProperties());
    props.put("warehouse", dir.resolve("wh").toString());
    try (Warehouse warehouse = Warehouse.open(props)) {
      Collection c = warehouse.createCollection(ID, CollectionSchema.builder()
          .field(FieldSchema.primaryKey("id", DataType.INT64))
          .field(FieldSchema.floatVector("vector", 2, MetricType.L2))
          .build());
      // {WAL position, rows} of the newest acknowledged write
      AtomicReference<long[]> acknowledged = new AtomicReference<>(new long[] {insert(c, 0), 1});
      LoadedCollection collection = new LoadedCollections(warehouse, dir.resolve("cache"), null,
          Duration.ZERO).load(ID);
      long readBefore = collection.refreshCounts().read();

      AtomicBoolean reading = new AtomicBoolean(true);
      ExecutorService pool = Executors.newFixedThreadPool(READERS + 1);
      try {
        Future<Integer> writer = pool.submit(() -> {
          int key = 1;
          while (reading.get()) {
            long position = insert(c, key++);
            acknowledged.set(new long[] {position, key});
          }
          return key;
        });
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> readers = new ArrayList<>();
        for (int r = 0; r < READERS; r++) {
          readers.add(pool.submit(() -> {
            start.await();
            for (int i = 0; i < READS_EACH; i++) {
              long[] floor = acknowledged.get();
              CollectionSnapshot snapshot = collection.refresh();
              assertTrue(snapshot.position() >= floor[0], "a Strong read at WAL position "
                  + snapshot.position() + " missed the write acknowledged at " + floor[0]);
              assertTrue(snapshot.rowCount() >= floor[1], "a Strong read holds "
                  + snapshot.rowCount() + " rows; " + floor[1] + " were acknowledged before it");
            }
            return null;
          }));
        }
        start.countDown();
        for (Future<?> reader : readers) {
          reader.get();
        }
        reading.set(false);
        writer.get();
      } finally {
        pool.shutdownNow();
      }
      LoadedCollection.RefreshCounts counts = collection.refreshCounts();
      long calls = (long) READERS * READS_EACH;
      assertEquals(calls, counts.read() - readBefore + counts.shared(),
          "every call either refreshed or took a refresh that began after it");
      assertTrue(counts.read() - readBefore <= calls / 2, "concurrent Strong reads share"
          + " refreshes: " + (counts.read() - readBefore) + " refreshes for " + calls + " reads");
    }
  }

  /** Inserts one row with key {@code key}; returns its acknowledged WAL position. */
  private static long insert(Collection c, long key) {
    WalBatch batch = new WalBatch();
    batch.insert(Map.of("id", key, "vector", new float[] {key, 1}));
    return c.walWriter().commit(batch).position();
  }
}
