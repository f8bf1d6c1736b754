package io.vectorlake.catalog.maintenance;

import static io.vectorlake.catalog.maintenance.OpsModel.SCHEMA;
import static io.vectorlake.catalog.maintenance.OpsModel.rowsOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.segment.SealPlan;
import io.vectorlake.catalog.view.CollectionView;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.FileListing;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotExpiryTest {
  private static final MaintenanceOptions NO_WINDOW =
      MaintenanceOptions.defaults().withPolicy(MaintenanceScenarios.NO_WINDOW);

  @TempDir Path dir;

  /**
   * Expiry told data files from metadata files by a "/metadata/" anywhere in the path, so in a
   * database (or collection) named "metadata" every deleted WAL file was counted as metadata and
   * the report said no sealed WAL file left storage. The report must say what left the disk.
   */
  @Test
  void countsDeletedDataFilesInADatabaseNamedMetadata() throws Exception {
    try (Warehouse warehouse = Warehouse.local(dir)) {
      Collection c = warehouse.createCollection(CollectionId.parse("metadata.metadata"), SCHEMA);
      Random random = new Random(4);
      OpsModel.Model model = new OpsModel.Model();
      OpsModel.commitRandom(c, random, model, 12, 5);
      SealPlan.of(c).runLocally(c, 1000, 1);
      int before = dataFilesOnDisk(c);
      int reported = Maintenance.run(c, NO_WINDOW).deletedWalFiles();
      OpsModel.commitRandom(c, random, model, 5, 5);
      SealPlan.of(c).runLocally(c, 1000, 1);
      int added = dataFilesOnDisk(c) - before + reported;
      reported += Maintenance.run(c, NO_WINDOW).deletedWalFiles();
      assertTrue(reported > 0, "sealed WAL files left storage");
      assertEquals(before + added - dataFilesOnDisk(c), reported, "deleted files reported");
      assertEquals(model.copy(), rowsOf(CollectionView.latest(c).rows()));
    }
  }


  private static int dataFilesOnDisk(Collection c) {
    return FileListing.list(c.walTable().io(), c.walTable().location() + "/data/")
        .orElseThrow().size();
  }
}
