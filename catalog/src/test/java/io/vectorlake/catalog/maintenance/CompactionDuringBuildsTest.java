package io.vectorlake.catalog.maintenance;

import static io.vectorlake.catalog.maintenance.OpsModel.SCHEMA;
import static io.vectorlake.catalog.maintenance.OpsModel.rowsOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.segment.CommitConflictException;
import io.vectorlake.catalog.segment.CompactionPlan;
import io.vectorlake.catalog.segment.SealPlan;
import io.vectorlake.catalog.segment.SegmentMetadata;
import io.vectorlake.catalog.segment.SegmentSet;
import io.vectorlake.catalog.segment.SegmentWriter;
import io.vectorlake.catalog.view.CollectionView;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compaction while builds keep committing. bench-metadata, building every few seconds, showed
 * compaction losing every race: a build commits between compaction's plan and its commit, the
 * whole-catalog check refused the compaction, and small segments piled up without bound.
 */
class CompactionDuringBuildsTest {
  @TempDir Path dir;

  /**
   * A build (new rows, upserts and deletes of rows the compaction rewrites) commits while a
   * compaction runs: the compaction still lands on top of it, and the collection reads exactly
   * the model of the ops.
   */
  @Test
  void compactionLandsOnTopOfABuildThatCommittedMeanwhile() throws Exception {
    try (Warehouse warehouse = Warehouse.local(dir)) {
      Collection c = warehouse.createCollection(CollectionId.parse("db.racing"), SCHEMA);
      Random random = new Random(17);
      OpsModel.Model model = new OpsModel.Model();
      for (int seal = 0; seal < 4; seal++) {
        OpsModel.commitRandom(c, random, model, 3, 12);
        SealPlan.of(c).runLocally(c, 1000, 1);
      }
      CompactionPlan compaction = CompactionPlan.of(c, 0.2, 1000, false);
      assertFalse(compaction.groups().isEmpty());
      List<SegmentMetadata> outputs = compactAndIndex(c, compaction);

      // Deletes and upserts of keys in the compaction's inputs.
      OpsModel.commitRandom(c, random, model, 4, 12);
      SealPlan.of(c).runLocally(c, 1000, 1);
      long watermark = c.segmentCatalog().current().watermark();

      SegmentSet after = compaction.commit(c, outputs);
      assertEquals(watermark, after.watermark(), "the build's watermark stays");
      assertEquals(model.copy(), rowsOf(CollectionView.latest(c).rows()));
      OpsModel.assertSearchFindsEveryRow(c, model);
    }
  }

  /** Two compactions of the same segments: the second still fails, nothing is rewritten twice. */
  @Test
  void aCompactionWhoseInputsWereCompactedMeanwhileFails() throws Exception {
    try (Warehouse warehouse = Warehouse.local(dir)) {
      Collection c = warehouse.createCollection(CollectionId.parse("db.twice"), SCHEMA);
      Random random = new Random(19);
      OpsModel.Model model = new OpsModel.Model();
      for (int seal = 0; seal < 3; seal++) {
        OpsModel.commitRandom(c, random, model, 3, 12);
        SealPlan.of(c).runLocally(c, 1000, 1);
      }
      CompactionPlan first = CompactionPlan.of(c, 0.2, 1000, false);
      CompactionPlan second = CompactionPlan.of(c, 0.2, 1000, false);
      List<SegmentMetadata> firstOut = compactAndIndex(c, first);
      List<SegmentMetadata> secondOut = compactAndIndex(c, second);
      first.commit(c, firstOut);
      assertThrows(CommitConflictException.class, () -> second.commit(c, secondOut));
      assertEquals(model.copy(), rowsOf(CollectionView.latest(c).rows()));
      long rows = CollectionView.latest(c).rows().size();
      assertTrue(rows > 0);
    }
  }


  private static List<SegmentMetadata> compactAndIndex(Collection c, CompactionPlan plan)
      throws Exception {
    SegmentWriter writer = new SegmentWriter(c);
    List<SegmentMetadata> out = new ArrayList<>();
    for (CompactionPlan.Group group : plan.groups()) {
      for (SegmentMetadata s : plan.compact(c, group, 1000)) {
        out.add(writer.buildIndexes(s, 1));
      }
    }
    return out;
  }
}
