package io.vectorlake.catalog.segment;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SealCommitVerifiesFilesTest {
  @TempDir Path dir;

  /**
   * Issue 12.4, second line of defence: a build whose segment file was deleted before its commit
   * (a dead build's intent that timed out, a manual cleanup) must not commit: before, the commit
   * moved the watermark past the range and the collection could no longer load. Now it fails
   * naming the file, the catalog is unchanged, and a rerun seals the range again.
   */
  @Test
  void commitOfASegmentWhoseFileIsGoneFailsAndARerunSeals() throws Exception {
    try (Warehouse warehouse = Warehouse.local(dir)) {
      Collection c = warehouse.createCollection(CollectionId.parse("db.v"), CollectionSchema.builder()
          .field(FieldSchema.primaryKey("id", DataType.INT64))
          .field(FieldSchema.floatVector("v", 2, MetricType.L2))
          .shards(1)
          .build());
      WalBatch batch = new WalBatch();
      for (long i = 0; i < 20; i++) {
        batch.insert(Map.of("id", i, "v", new float[] {i, 1}));
      }
      c.walWriter().commit(batch);
      SealPlan plan = SealPlan.of(c);
      ShardSealer sealer = new ShardSealer(c, plan.base(), 100);
      SegmentWriter writer = new SegmentWriter(c);
      List<SegmentMetadata> segments = new ArrayList<>();
      for (SegmentMetadata s : sealer.seal(0, plan.base().watermark(), plan.upTo())) {
        segments.add(writer.buildIndexes(s, 1));
      }
      SegmentMetadata rows = segments.get(0);
      String lost = rows.file(rows.indexes().get(0).graph().name());
      c.walTable().io().deleteFile(lost);

      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> plan.commit(c, segments));
      assertTrue(e.getMessage().contains(lost) && e.getMessage().contains("rerun"), e.getMessage());
      assertEquals(0, c.segmentCatalog().current().watermark(), "nothing was committed");
      assertEquals(20, CollectionView.latest(c).size());

      SealPlan.of(c).runLocally(c, 100, 1);
      assertEquals(c.walPosition(), c.segmentCatalog().current().watermark());
      assertEquals(20, CollectionView.latest(c).size());
    }
  }
}
