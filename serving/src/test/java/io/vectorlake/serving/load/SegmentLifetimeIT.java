package io.vectorlake.serving.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.segment.Cleanup;
import io.vectorlake.catalog.segment.CompactionPlan;
import io.vectorlake.catalog.segment.SealPlan;
import io.vectorlake.catalog.segment.SegmentMetadata;
import io.vectorlake.catalog.segment.SegmentWriter;
import io.vectorlake.catalog.view.ReadPlan;
import io.vectorlake.catalog.wal.WalBatch;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import io.vectorlake.serving.search.SealedSegment;
import io.vectorlake.serving.search.SegmentSearcher;
import io.vectorlake.serving.search.TopK;
import io.vectorlake.serving.search.VectorSearch;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the sealed segments of a loaded collection are closed: not while a request still holds a
 * snapshot that searches them (however many reloads replaced them), at once when nobody does, and
 * never left open by a reload that failed half-way.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SegmentLifetimeIT {
  private static final int DIM = 16;
  private static final CollectionId ID = CollectionId.parse("lifetime");

  @TempDir Path dir;
  private final Random random = new Random(42);
  private final ForkJoinPool pool = new ForkJoinPool(2);

  /**
   * A search that began before two quick catalog changes (a seal, then a compaction and cleanup)
   * still searches the indexes it started with; they close when it is done.
   */
  @Test
  void searchHoldingASnapshotOutlivesASealAndACleanup() throws Exception {
    try (Warehouse warehouse = Warehouse.local(dir.resolve("wh"))) {
      Collection c = create(warehouse);
      insert(c, 0, 2000);
      SealPlan.of(c).runLocally(c, 1000, 2);
      LoadedCollections loaded = loaded(warehouse);
      LoadedCollection collection = loaded.load(ID);
      float[][] queries = {vector(), vector()};

      try (SnapshotLease request = collection.lease(collection.refresh())) {
        List<SealedSegment> held = sealed(request.snapshot());
        assertEquals(2, held.size(), "two segments of 1000 rows");
        held.forEach(s -> assertNotNull(s.metadata().index("vector"), "segments are indexed"));
        List<String> before = search(held, queries);

        insert(c, 2000, 2500);
        SealPlan.of(c).runLocally(c, 1000, 2);
        collection.refresh(); // reload 1: the held segments are replaced
        CompactionPlan.of(c, 0.001, 10, true).runLocally(c, 3000, 2);
        Cleanup.run(c, 0);
        collection.refresh(); // reload 2: before the fix, this closed the held segments' indexes

        assertEquals(before, search(held, queries), "the request still searches its snapshot");
      }
      for (SealedSegment segment : sealed(collection.snapshot())) {
        assertTrue(segment.retain(), "the current segments stay open");
        segment.release();
      }
      loaded.closeAll();
    }
  }

  /** Release closes the segments once the last request holding them is done, not before. */
  @Test
  void releaseWaitsForTheRequestsHoldingTheSegments() throws Exception {
    try (Warehouse warehouse = Warehouse.local(dir.resolve("wh"))) {
      Collection c = create(warehouse);
      insert(c, 0, 2000);
      SealPlan.of(c).runLocally(c, 1000, 2);
      LoadedCollections loaded = loaded(warehouse);
      LoadedCollection collection = loaded.load(ID);
      float[][] queries = {vector()};
      SnapshotLease request = collection.lease(collection.snapshot());
      List<SealedSegment> held = sealed(request.snapshot());
      List<String> before = search(held, queries);

      loaded.release(ID, true);
      assertEquals(before, search(held, queries), "released while the request ran");
      request.close();
      for (SealedSegment segment : held) {
        assertFalse(segment.retain(), "closed once the last request was done");
      }
      assertThrows(RuntimeException.class, () -> search(held, queries));
    }
  }

  /**
   * A reload over a segment whose rows file is missing fails each time it is retried, and leaves
   * no file open: the segments it had loaded before the failure are closed again.
   */
  @Test
  void failedReloadsCloseWhatTheyOpened() throws Exception {
    try (Warehouse warehouse = Warehouse.local(dir.resolve("wh"))) {
      Collection c = create(warehouse);
      insert(c, 0, 1000);
      SealPlan.of(c).runLocally(c, 1000, 1);
      LoadedCollections loaded = loaded(warehouse);
      LoadedCollection collection = loaded.load(ID);
      long rows = collection.snapshot().rowCount();

      insert(c, 1000, 5000);
      SealPlan.of(c).runLocally(c, 1000, 2);
      List<SegmentMetadata> planned = ReadPlan.of(c, c.walPosition()).rowSegments();
      assertTrue(planned.size() >= 4, "several segments load before the broken one");
      Files.delete(local(planned.get(planned.size() - 1).file(SegmentWriter.ROWS_FILE)));

      assertThrows(RuntimeException.class, collection::refresh);
      long openBefore = openFiles();
      for (int attempt = 0; attempt < 20; attempt++) {
        assertThrows(RuntimeException.class, collection::refresh, "the rows file is missing");
      }
      assertTrue(openFiles() <= openBefore + 5,
          "open descriptors grew from " + openBefore + " to " + openFiles());
      assertEquals(rows, collection.snapshot().rowCount(), "the last good snapshot still answers");
      loaded.closeAll();
    }
  }

  /** Loaded collections that change only when the test refreshes them (no WAL follower). */
  private LoadedCollections loaded(Warehouse warehouse) {
    return new LoadedCollections(warehouse, dir.resolve("cache"), null, Duration.ZERO);
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
      batch.insert(Map.of("id", (long) i, "vector", vector()));
    }
    c.walWriter().commit(batch);
  }

  private float[] vector() {
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      v[i] = random.nextFloat();
    }
    return v;
  }

  private static List<SealedSegment> sealed(CollectionSnapshot snapshot) {
    List<SealedSegment> out = new ArrayList<>();
    for (SegmentSearcher segment : snapshot.segments()) {
      if (segment instanceof SealedSegment s) {
        out.add(s);
      }
    }
    return out;
  }

  /** The keys and scores each segment's graph search returns, in order. */
  private List<String> search(List<SealedSegment> segments, float[][] queries) {
    List<String> out = new ArrayList<>();
    for (int s = 0; s < segments.size(); s++) {
      SealedSegment segment = segments.get(s);
      TopK[] found = segment.search(new VectorSearch("vector", MetricType.L2, queries, 10),
          null, s, pool);
      for (TopK top : found) {
        float[] scores = new float[top.size()];
        long[] refs = top.sorted(scores);
        for (int i = 0; i < refs.length; i++) {
          out.add(segment.row(TopK.ordinal(refs[i])).primaryKey() + ":" + scores[i]);
        }
      }
    }
    return out;
  }

  private static Path local(String location) {
    return location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
  }

  private static long openFiles() throws Exception {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }
}
