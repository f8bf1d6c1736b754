package io.vectorlake.catalog.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.maintenance.OpsModel;
import io.vectorlake.catalog.wal.WalBatch;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cleanup removes a retired segment's folder with its files on a local warehouse. Reproduces the
 * 20,000-commit bench-metadata run, which left 1,071 empty folders under {@code segments/} among
 * its first 2,000: the files went, the local file system kept every folder.
 */
class CleanupFoldersTest {
  @TempDir Path dir;

  @Test
  void retiredSegmentFoldersLeaveWithTheirFiles() throws Exception {
    try (Warehouse warehouse = Warehouse.local(dir)) {
      Collection c = warehouse.createCollection(CollectionId.parse("db.folders"), OpsModel.SCHEMA);
      for (int build = 0; build < 5; build++) {
        WalBatch batch = new WalBatch();
        for (long key = build * 10; key < build * 10 + 10; key++) {
          batch.insert(Map.of("id", key, "v", new float[] {key, 1}, "n", 1));
        }
        c.walWriter().commit(batch);
        SealPlan.of(c).runLocally(c, 1000, 1);
      }
      Path segments = dir.resolve("db").resolve("folders").resolve(SegmentWriter.SEGMENTS_DIR);
      long before = folders(segments);
      assertTrue(before >= 5, "one folder per segment: " + before);

      CompactionPlan.of(c, 0.2, 1000, true).runLocally(c, 1000, 1);
      Cleanup.Result result = Cleanup.run(c, 0);
      assertTrue(result.deletedFiles() > 0, "the compacted segments' files are removed");

      List<SegmentMetadata> live = c.segmentCatalog().current().live();
      assertEquals(live.size(), folders(segments), "only the live segments keep a folder");
      try (Stream<Path> all = Files.list(segments)) {
        for (Path folder : all.toList()) {
          try (Stream<Path> files = Files.list(folder)) {
            assertFalse(files.findAny().isEmpty(), folder + " is empty but kept");
          }
        }
      }
    }
  }

  private static long folders(Path segments) throws Exception {
    try (Stream<Path> all = Files.list(segments)) {
      return all.filter(Files::isDirectory).count();
    }
  }
}
