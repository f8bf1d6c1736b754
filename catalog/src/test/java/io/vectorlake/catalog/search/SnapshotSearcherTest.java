package io.vectorlake.catalog.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.dataset.AnnDataset;
import io.vectorlake.catalog.expr.FilterExpression;
import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.segment.SealPlan;
import io.vectorlake.catalog.segment.SegmentMetadata;
import io.vectorlake.catalog.view.ReadPlan;
import io.vectorlake.catalog.wal.WalBatch;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotSearcherTest {
  @TempDir Path dir;

  @Test
  void searchesSegmentsAndTailWithDeletesFiltersAndADamagedIndex() throws Exception {
    AnnDataset sift = AnnDataset.load(Path.of("../../shared/data/sift-5k-128-euclidean"));
    try (Warehouse warehouse = Warehouse.local(dir)) {
      Collection c = warehouse.createCollection(CollectionId.parse("s"), CollectionSchema.builder()
          .field(FieldSchema.primaryKey("id", DataType.INT64))
          .field(FieldSchema.floatVector("vector", 128, MetricType.L2))
          .field(FieldSchema.builder("category", DataType.INT32))
          .shards(2)
          .build());
      c.walWriter().commit(rows(sift, 0, 4000));
      SealPlan.of(c).runLocally(c, 1000, 2);
      c.walWriter().commit(rows(sift, 4000, 5000));
      Set<Long> deleted = new HashSet<>();
      WalBatch deletes = new WalBatch();
      for (long id = 7; id < 5000; id += 50) {
        deletes.delete(id);
        deleted.add(id);
      }
      c.walWriter().commit(deletes);
      SegmentMetadata damaged = c.segmentCatalog().current().liveRows().get(0);
      Files.delete(Path.of(damaged.location()).resolve("vector.graph"));

      try (SnapshotSearcher searcher =
          SnapshotSearcher.open(c, ReadPlan.of(c, c.walPosition()), "vector", dir.resolve("cache"))) {
        double recall = 0;
        for (int q = 0; q < sift.queries().size(); q++) {
          List<SearchHit> hits = searcher.search(sift.queries().get(q), 10, 0, null);
          assertTrue(hits.stream().noneMatch(h -> deleted.contains(h.primaryKey())));
          recall += sift.recall(q, hits.stream().mapToLong(h -> (Long) h.primaryKey()).toArray(), 10, deleted);
        }
        recall /= sift.queries().size();
        assertTrue(recall >= 0.95, "recall@10 " + recall);

        FilterExpression filter = FilterExpression.parse("category == 3", c.schema());
        List<SearchHit> filtered = searcher.search(sift.queries().get(0), 10, 0, filter);
        assertEquals(10, filtered.size());
        assertTrue(filtered.stream().allMatch(h -> (Long) h.primaryKey() % 10 == 3));
      }
    }
  }

  private static WalBatch rows(AnnDataset sift, int from, int to) {
    WalBatch batch = new WalBatch();
    for (int i = from; i < to; i++) {
      batch.insert(Map.of("id", (long) i, "vector", sift.base().get(i), "category", i % 10));
    }
    return batch;
  }
}
