package io.vectorlake.serving.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.segment.SealPlan;
import io.vectorlake.catalog.segment.SegmentMetadata;
import io.vectorlake.catalog.segment.SegmentWriter;
import io.vectorlake.catalog.wal.WalBatch;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import io.vectorlake.serving.search.SealedSegment;
import io.vectorlake.serving.search.SegmentSearcher;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload after a build keeps the segments that did not change: issue 11's bench found Strong
 * reads slowing as a collection aged because every build made each serving node read every
 * segment's rows and open every index again.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class IncrementalReloadIT {
  private static final int DIM = 8;
  private static final CollectionId ID = CollectionId.parse("incremental");

  @TempDir Path dir;
  private final Random random = new Random(3);

  /**
   * Loaded, then a build of new rows and of deletes aimed at the old segment: the reload reads
   * only the new segments (the old one's rows file is unreadable meanwhile), and answers what a
   * fresh load does, deletes included.
   */
  @Test
  void reloadAfterABuildReadsOnlyTheNewSegments() throws Exception {
    try (Warehouse warehouse = Warehouse.local(dir.resolve("wh"))) {
      Collection c = create(warehouse);
      insert(c, 0, 800);
      SealPlan.of(c).runLocally(c, 1000, 1);
      LoadedCollections loaded = new LoadedCollections(warehouse, dir.resolve("cache"), null,
          Duration.ZERO);
      LoadedCollection collection = loaded.load(ID);
      assertEquals(800, collection.snapshot().rowCount());
      SegmentMetadata old = sealed(collection.snapshot()).get(0).metadata();

      insert(c, 800, 1200);
      WalBatch deletes = new WalBatch();
      for (long key = 0; key < 100; key++) {
        deletes.delete(key);
      }
      c.walWriter().commit(deletes);
      SealPlan.of(c).runLocally(c, 1000, 1);

      Path rows = local(old.file(SegmentWriter.ROWS_FILE));
      Path aside = dir.resolve("aside");
      Files.move(rows, aside);
      CollectionSnapshot reloaded = collection.refresh();
      Files.move(aside, rows, StandardCopyOption.REPLACE_EXISTING);

      assertTrue(sealed(reloaded).size() > 1, "the build added segments");
      assertEquals(1100, reloaded.rowCount(), "new rows in, deleted rows of the old segment out");
      LoadedCollections fresh = new LoadedCollections(warehouse, dir.resolve("cache2"), null,
          Duration.ZERO);
      CollectionSnapshot expected = fresh.load(ID).snapshot();
      assertEquals(liveKeys(expected), liveKeys(reloaded));
      fresh.closeAll();
      loaded.closeAll();
    }
  }

  private static Set<Object> liveKeys(CollectionSnapshot snapshot) {
    Set<Object> keys = new TreeSet<>();
    for (SegmentSearcher segment : snapshot.segments()) {
      if (segment instanceof SealedSegment s) {
        for (int o = s.live().nextSetBit(0); o >= 0; o = s.live().nextSetBit(o + 1)) {
          assertTrue(keys.add(s.row(o).primaryKey()), "key twice: " + s.row(o).primaryKey());
        }
      }
    }
    return keys;
  }

  private static List<SealedSegment> sealed(CollectionSnapshot snapshot) {
    return snapshot.segments().stream()
        .filter(SealedSegment.class::isInstance).map(SealedSegment.class::cast).toList();
  }

  private static Collection create(Warehouse warehouse) {
    return warehouse.createCollection(ID, CollectionSchema.builder()
        .field(FieldSchema.primaryKey("id", DataType.INT64))
        .field(FieldSchema.floatVector("vector", DIM, MetricType.L2))
        .build());
  }

  private void insert(Collection c, int from, int to) {
    WalBatch batch = new WalBatch();
    for (int i = from; i < to; i++) {
      float[] v = new float[DIM];
      for (int d = 0; d < DIM; d++) {
        v[d] = random.nextFloat();
      }
      batch.insert(Map.of("id", (long) i, "vector", v));
    }
    c.walWriter().commit(batch);
  }

  private static Path local(String location) {
    return location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
  }
}
