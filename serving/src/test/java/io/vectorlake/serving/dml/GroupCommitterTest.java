package io.vectorlake.serving.dml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.InvalidRowException;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.view.CollectionView;
import io.vectorlake.catalog.wal.WalBatch;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitterTest {
  @TempDir Path dir;

  @Test
  void concurrentRequestsShareCommitsAndABadOneFailsAlone() throws Exception {
    ExecutorService executor = Executors.newCachedThreadPool();
    try (Warehouse warehouse = Warehouse.local(dir)) {
      Collection collection = warehouse.createCollection(CollectionId.parse("g.c"),
          CollectionSchema.builder()
              .field(FieldSchema.primaryKey("id", DataType.INT64))
              .field(FieldSchema.floatVector("v", 2, MetricType.L2))
              .shards(2)
              .build());
      GroupCommitter committer = new GroupCommitter(collection, executor);
      List<CompletableFuture<Acknowledgement>> futures = new ArrayList<>();
      for (long i = 0; i < 40; i++) {
        futures.add(committer.submit(new WalBatch()
            .insert(Map.of("id", i, "v", new float[] {i, 0}))));
      }
      CompletableFuture<Acknowledgement> bad = committer.submit(new WalBatch()
          .insert(Map.of("id", 99L, "v", new float[] {1, 2, 3})));
      Set<Long> positions = new HashSet<>();
      for (CompletableFuture<Acknowledgement> f : futures) {
        positions.add(f.get().position());
      }
      ExecutionException e = assertThrows(ExecutionException.class, bad::get);
      assertTrue(e.getCause() instanceof InvalidRowException, e.getCause().toString());
      assertTrue(positions.size() < 40, "40 requests took " + positions.size() + " commits");
      committer.flush().get();
      CollectionView view = CollectionView.latest(collection);
      assertEquals(40, view.size());
      assertTrue(view.get(99L).isEmpty());
    } finally {
      executor.shutdown();
    }
  }
}
