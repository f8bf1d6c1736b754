package io.vectorlake.catalog.maintenance;

import static io.vectorlake.catalog.maintenance.OpsModel.SCHEMA;
import static io.vectorlake.catalog.maintenance.OpsModel.rowsOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.segment.CompactionPlan;
import io.vectorlake.catalog.segment.SealPlan;
import io.vectorlake.catalog.segment.SegmentMetadata;
import io.vectorlake.catalog.segment.SegmentSet;
import io.vectorlake.catalog.view.CollectionView;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tombstone segments do not pile up. Reproduces issue 11's 20,000-commit bench, where the segment
 * catalog reached 1,200 entries and the files under the table kept growing: every build that
 * deleted or replaced sealed keys wrote a tombstone segment, and a shard's tombstones were retired
 * only when every rows segment of the shard was rewritten, which never happens to segments too
 * large to merge and not dead enough to rewrite.
 */
class TombstoneCompactionTest {
  @TempDir Path dir;

  @Test
  void aHundredBuildsKeepAtMostOneTombstoneSegmentPerShard() throws Exception {
    try (Warehouse warehouse = Warehouse.local(dir)) {
      Collection c = warehouse.createCollection(CollectionId.parse("db.tombstones"), SCHEMA);
      Random random = new Random(29);
      OpsModel.Model model = new OpsModel.Model();
      OpsModel.commitRandom(c, random, model, 40, 20);
      SealPlan.of(c).runLocally(c, 1000, 1);
      for (int build = 1; build <= 100; build++) {
        OpsModel.commitRandom(c, random, model, 1, 10);
        SealPlan.of(c).runLocally(c, 1000, 1);
        if (build % 10 == 0) {
          // Large segments are never merged (small-rows 20) and never dead enough (99%).
          CompactionPlan.of(c, 0.99, 20, false).runLocally(c, 1000, 1);
          SegmentSet now = c.segmentCatalog().current();
          Map<Integer, Integer> perShard = new HashMap<>();
          for (SegmentMetadata t : now.liveTombstones()) {
            perShard.merge(t.shard(), 1, Integer::sum);
          }
          for (Map.Entry<Integer, Integer> shard : perShard.entrySet()) {
            assertTrue(shard.getValue() <= 1, "after build " + build + ", shard "
                + shard.getKey() + " holds " + shard.getValue() + " tombstone segments");
          }
          assertEquals(model.copy(), rowsOf(CollectionView.latest(c).rows()),
              "after build " + build + " the collection reads the model of its ops");
        }
      }
      long tombstones = c.segmentCatalog().current().liveTombstones().stream()
          .mapToLong(SegmentMetadata::rowCount).sum();
      long sealedRows = c.segmentCatalog().current().liveRows().stream()
          .mapToLong(SegmentMetadata::rowCount).sum();
      assertTrue(tombstones <= sealedRows, tombstones + " tombstones kept for " + sealedRows
          + " sealed rows: only those that kill a row still stored");
      OpsModel.assertSearchFindsEveryRow(c, model);
    }
  }
}
