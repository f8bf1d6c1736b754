package io.vectorlake.catalog.maintenance;

import io.vectorlake.catalog.testing.InProcessS3Extension;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Maintenance on object storage: a JDBC catalog (SQLite) with Iceberg's S3FileIO against the
 * in-process S3 server, where listing, creation times and deletes are the object store's.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MaintenanceS3IT {
  @RegisterExtension static final InProcessS3Extension S3 = new InProcessS3Extension("lake");

  @TempDir Path dir;

  private Supplier<Warehouse> warehouses(String prefix) {
    Map<String, String> props =
        S3.server().jdbcWarehouseProperties(dir.resolve("catalog.db"), "lake", prefix);
    return () -> Warehouse.open(props);
  }

  private MaintenanceScenarios scenarios(String prefix) {
    return new MaintenanceScenarios(warehouses(prefix));
  }

  @Test
  void hundredsOfCommitsStayBoundedAndExact() throws Exception {
    scenarios("long").hundredsOfCommitsStayBoundedAndExact(180);
  }

  @Test
  void orphanWalFilesGoAfterTheGracePeriod() throws Exception {
    scenarios("orphans").orphanWalFilesGoAfterTheGracePeriod();
  }

  @Test
  void compactedSegmentFilesGoAfterTheRetiredGrace() throws Exception {
    scenarios("compacted").compactedSegmentFilesGoAfterTheRetiredGrace();
  }

  @Test
  void cleanupBetweenBuildFilesAndCommitKeepsThem() throws Exception {
    scenarios("build").cleanupBetweenBuildFilesAndCommitKeepsThem();
  }

  @Test
  void maintainConcurrentWithWriterBuildAndReadsLosesNothing() throws Exception {
    new ConcurrentMaintenanceScenario(warehouses("busy")).run(120);
  }
}
