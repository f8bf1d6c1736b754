package io.vectorlake.catalog.maintenance;

import static io.vectorlake.catalog.maintenance.OpsModel.SCHEMA;
import static io.vectorlake.catalog.maintenance.OpsModel.randomBatch;
import static io.vectorlake.catalog.maintenance.OpsModel.rowsOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.segment.SealPlan;
import io.vectorlake.catalog.view.CollectionView;
import io.vectorlake.catalog.wal.WalBatch;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotExpiryTest {
  @TempDir Path dir;

  /**
   * Expiry told data files from metadata files by a "/metadata/" anywhere in the path, so in a
   * database (or collection) named "metadata" every deleted WAL file was counted as metadata and
   * the report said no sealed WAL file left storage.
   */
  @Test
  void countsDeletedDataFilesInADatabaseNamedMetadata() throws Exception {
    try (Warehouse warehouse = Warehouse.local(dir)) {
      Collection c = warehouse.createCollection(CollectionId.parse("metadata.metadata"), SCHEMA);
      Random random = new Random(4);
      OpsModel.Model model = new OpsModel.Model();
      for (int i = 0; i < 12; i++) {
        WalBatch batch = randomBatch(random, 5);
        c.walWriter().commit(batch);
        model.apply(batch);
      }
      SealPlan.of(c).runLocally(c, 1000, 1);
      MaintenanceOptions noWindow =
          MaintenanceOptions.defaults().withPolicy(MaintenanceScenarios.NO_WINDOW);
      MaintenanceReport retired = Maintenance.run(c, noWindow);
      assertTrue(retired.retiredWalFiles() > 0, retired.summary());
      for (int i = 0; i < 5; i++) {
        // The files leave storage when the snapshot that took them out of the WAL expires.
        WalBatch batch = randomBatch(random, 5);
        c.walWriter().commit(batch);
        model.apply(batch);
      }
      SealPlan.of(c).runLocally(c, 1000, 1);
      MaintenanceReport deleted = Maintenance.run(c, noWindow);
      assertEquals(retired.retiredWalFiles(), deleted.deletedWalFiles(), deleted.summary());
      assertEquals(model.copy(), rowsOf(CollectionView.latest(c).rows()));
    }
  }
}
