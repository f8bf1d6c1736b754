package io.vectorlake.catalog.view;

import static io.vectorlake.catalog.maintenance.OpsModel.rowsOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.maintenance.OpsModel;
import io.vectorlake.catalog.segment.CompactionPlan;
import io.vectorlake.catalog.segment.SealPlan;
import io.vectorlake.catalog.segment.TombstoneCache;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A serving node plans its collection again after every build and compaction, reading only the
 * tombstone segments it has not read before: its plans must read as a fresh plan reads, and
 * as the model of the ops says, however many builds and compactions came between.
 */
class TombstoneCacheTest {
  @TempDir Path dir;

  @Test
  void plansWithACacheReadAsFreshPlansThroughBuildsAndCompactions() throws Exception {
    try (Warehouse warehouse = Warehouse.local(dir)) {
      Collection c = warehouse.createCollection(CollectionId.parse("db.replans"), OpsModel.SCHEMA);
      Random random = new Random(23);
      OpsModel.Model model = new OpsModel.Model();
      TombstoneCache cache = new TombstoneCache();
      int mostCached = 0;
      for (int round = 1; round <= 12; round++) {
        OpsModel.commitRandom(c, random, model, 2, 15);
        SealPlan.of(c).runLocally(c, 1000, 1);
        if (round % 4 == 0) {
          CompactionPlan.of(c, 0.2, 1000, false).runLocally(c, 1000, 1);
        }
        OpsModel.commitRandom(c, random, model, 1, 10); // a tail after the watermark
        long position = c.walPosition();
        ReadPlan cached = ReadPlan.of(c, position, null, cache);

        assertEquals(model.copy(), rowsOf(cached.readAll(c)), "round " + round);
        assertEquals(rowsOf(ReadPlan.of(c, position).readAll(c)), rowsOf(cached.readAll(c)));
        assertEquals(c.segmentCatalog().current().liveTombstones().size(), cache.size(),
            "round " + round + ": the cache holds the live tombstone segments only");
        mostCached = Math.max(mostCached, cache.size());
      }
      assertTrue(mostCached > 1, "the ops must have left tombstones to show anything");
    }
  }
}
