package io.vectorlake.serving.dml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.view.CollectionView;
import io.vectorlake.catalog.wal.WalBatch;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.iceberg.CatalogProperties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12.6: an {@link Error} (out of memory) while staging or committing a group left every
 * waiter of the group without an answer. The commit thread is driven by hand, so which requests
 * share a group is fixed; a task that throws is dropped as a pool thread would drop it.
 */
@Timeout(120)
class GroupCommitterFatalErrorTest {
  private static final CollectionId ID = CollectionId.parse("g.fatal");

  @TempDir Path dir;
  private final Queue<Runnable> tasks = new ArrayDeque<>();
  private final Executor byHand = tasks::add;

  @BeforeEach
  void createCollection() {
    try (Warehouse warehouse = Warehouse.local(dir)) {
      warehouse.createCollection(ID, CollectionSchema.builder()
          .field(FieldSchema.primaryKey("id", DataType.INT64))
          .field(FieldSchema.floatVector("v", 2, MetricType.L2))
          .build());
    }
  }

  /** Scenario: out of memory while writing the commit's manifest list, mid-commit. */
  @Test
  void anErrorWhileCommittingAnswersEveryWaiterAndLaterRequestsCommit() throws Exception {
    try (Warehouse warehouse = open()) {
      Collection collection = warehouse.loadCollection(ID);
      GroupCommitter committer = new GroupCommitter(collection, byHand);
      io(warehouse).failOnce(path -> path.contains("/metadata/snap-"));
      List<CompletableFuture<Acknowledgement>> group = List.of(
          committer.submit(insert(0, 3)), committer.submit(insert(3, 6)), committer.flush());
      runTasks();

      for (CompletableFuture<Acknowledgement> waiter : group.subList(0, 2)) {
        assertTrue(waiter.isDone(), "every waiter of the failed group is answered");
        assertThrows(ExecutionException.class, waiter::get);
      }
      assertTrue(group.get(2).isDone(), "the flush barrier is answered too");

      CompletableFuture<Acknowledgement> later = committer.submit(insert(10, 12));
      runTasks();
      assertEquals(List.of(10L, 11L), later.get().primaryKeys());
      // The failed commit never landed (its manifest list was not written): only the later rows.
      assertEquals(keys(10, 12), CollectionView.latest(collection).rows().keySet());
    }
  }

  /** Scenario: out of memory while staging one request of a group; the others still commit. */
  @Test
  void anErrorWhileStagingFailsThatRequestAloneAndTheGroupCommits() throws Exception {
    try (Warehouse warehouse = open()) {
      Collection collection = warehouse.loadCollection(ID);
      GroupCommitter committer = new GroupCommitter(collection, byHand);
      io(warehouse).failOnce(path -> path.contains("/data/"));
      CompletableFuture<Acknowledgement> first = committer.submit(insert(0, 3));
      CompletableFuture<Acknowledgement> second = committer.submit(insert(3, 6));
      runTasks();

      assertTrue(first.isDone(), "the request whose staging failed is answered");
      ExecutionException e = assertThrows(ExecutionException.class, first::get);
      assertTrue(e.getCause().getMessage().contains("nothing of it was written"),
          e.getCause().toString());
      assertEquals(List.of(3L, 4L, 5L), second.get().primaryKeys());

      CompletableFuture<Acknowledgement> later = committer.submit(insert(10, 11));
      runTasks();
      later.get();
      Set<Object> expected = keys(3, 6);
      expected.addAll(keys(10, 11));
      assertEquals(expected, CollectionView.latest(collection).rows().keySet());
    }
  }

  private Warehouse open() {
    return Warehouse.open(Map.of(
        CatalogProperties.WAREHOUSE_LOCATION, dir.toString(),
        CatalogProperties.FILE_IO_IMPL, FailingFileIO.class.getName()));
  }

  private static FailingFileIO io(Warehouse warehouse) {
    return (FailingFileIO) warehouse.icebergCatalog().loadTable(ID.tableIdentifier()).io();
  }

  /** Runs queued commit tasks; one that throws dies alone, as on a pool thread. */
  private void runTasks() {
    for (Runnable task; (task = tasks.poll()) != null; ) {
      try {
        task.run();
      } catch (Throwable dropped) {
        // a pool thread would die here and the error go to its uncaught-exception handler
      }
    }
  }

  private static WalBatch insert(long from, long to) {
    WalBatch batch = new WalBatch();
    for (long id = from; id < to; id++) {
      batch.insert(Map.of("id", id, "v", new float[] {id, 1}));
    }
    return batch;
  }

  private static Set<Object> keys(long from, long to) {
    return LongStream.range(from, to).boxed().collect(Collectors.toSet());
  }

}
