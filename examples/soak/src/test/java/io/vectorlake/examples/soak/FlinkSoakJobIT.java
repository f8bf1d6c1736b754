package io.vectorlake.examples.soak;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Flink writer child as the soak's fault loop drives it. Reproduces the abort of an earlier
 * soak: stop-with-savepoint asked of a writer that was just restored from a checkpoint, before
 * all of its tasks ran, was refused by Flink ("not all required tasks are currently running"), the
 * child exited 1 and the soak aborted. The writer must instead take the savepoint once its tasks
 * run, and the writer restored from that savepoint must go on committing.
 */
class FlinkSoakJobIT {
  private static final CollectionId COLLECTION = CollectionId.parse("soak.flink_writer");

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void savepointAskedRightAfterARestoreIsTakenOnceTheTasksRun(@TempDir Path work)
      throws Exception {
    Path home = Path.of(System.getProperty("vectorlake.home", "../..")).toAbsolutePath().normalize();
    SoakSettings settings = new SoakSettings(home, work,
        Map.of("warehouse", work.resolve("warehouse").toString()),
        work.resolve("catalog.properties"), COLLECTION, 7, Duration.ofMinutes(10), 20, 1);
    Soak.writeCatalogFile(settings);
    try (Warehouse warehouse = Warehouse.open(settings.catalog());
        FlinkWriter flink = new FlinkWriter(settings)) {
      SoakCollection.recreate(warehouse, COLLECTION, Duration.ofHours(1));
      flink.start(null);
      long before = awaitAcknowledged(flink, warehouse, 0);

      flink.killAndRestore();
      String savepoint = flink.stopWithSavepointAndRestore();

      assertTrue(Files.exists(Path.of(URI.create(savepoint)).resolve("_metadata")),
          "the savepoint " + savepoint + " has no metadata");
      long after = awaitAcknowledged(flink, warehouse, before);
      assertTrue(after > before, "the writer restored from the savepoint committed nothing");
    }
  }

  /** Waits (up to 4 minutes) until more than {@code than} of the writer's ops are acknowledged. */
  private static long awaitAcknowledged(FlinkWriter flink, Warehouse warehouse, long than)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
    while (System.nanoTime() < deadline) {
      Collection collection = warehouse.loadCollection(COLLECTION);
      long acknowledged = flink.acknowledgedOps(collection);
      if (acknowledged > than) {
        return acknowledged;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("the Flink writer acknowledged no op past " + than + " in 4 minutes");
  }
}
