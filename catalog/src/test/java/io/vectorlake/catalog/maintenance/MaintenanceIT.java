package io.vectorlake.catalog.maintenance;

import io.vectorlake.catalog.warehouse.Warehouse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Maintenance on the local Hadoop catalog; the same scenarios run on JDBC + S3 in MaintenanceS3IT. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MaintenanceIT {
  @TempDir Path dir;

  private Supplier<Warehouse> warehouses() {
    return () -> Warehouse.local(dir);
  }

  private MaintenanceScenarios scenarios() {
    return new MaintenanceScenarios(warehouses());
  }

  @Test
  void hundredsOfCommitsStayBoundedAndExact() throws Exception {
    scenarios().hundredsOfCommitsStayBoundedAndExact(240);
  }

  @Test
  void timeTravelInsideTheWindowStillWorks() throws Exception {
    scenarios().timeTravelInsideTheWindowStillWorks();
  }

  @Test
  void orphanWalFilesGoAfterTheGracePeriod() throws Exception {
    scenarios().orphanWalFilesGoAfterTheGracePeriod();
  }

  @Test
  void compactedSegmentFilesGoAfterTheRetiredGrace() throws Exception {
    scenarios().compactedSegmentFilesGoAfterTheRetiredGrace();
  }

  @Test
  void cleanupBetweenBuildFilesAndCommitKeepsThem() throws Exception {
    scenarios().cleanupBetweenBuildFilesAndCommitKeepsThem();
  }

  @Test
  void maintainConcurrentWithWriterBuildAndReadsLosesNothing() throws Exception {
    new ConcurrentMaintenanceScenario(warehouses()).run(150);
  }

  @Test
  void stoppedFlinkJobPinsNoHistory() throws Exception {
    scenarios().stoppedFlinkJobPinsNoHistory();
  }
}
