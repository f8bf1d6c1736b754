package io.vectorlake.catalog.maintenance;

import static io.vectorlake.catalog.maintenance.OpsModel.SCHEMA;
import static io.vectorlake.catalog.maintenance.OpsModel.assertSearchFindsEveryRow;
import static io.vectorlake.catalog.maintenance.OpsModel.randomBatch;
import static io.vectorlake.catalog.maintenance.OpsModel.rowsOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.schema.Row;
import io.vectorlake.catalog.segment.CommitConflictException;
import io.vectorlake.catalog.segment.CompactionPlan;
import io.vectorlake.catalog.segment.SealPlan;
import io.vectorlake.catalog.view.CollectionView;
import io.vectorlake.catalog.wal.WalBatch;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/** {@code maintain} in a loop while every other tier works, on any kind of warehouse. */
final class ConcurrentMaintenanceScenario {
  private final Supplier<Warehouse> warehouses;

  ConcurrentMaintenanceScenario(Supplier<Warehouse> warehouses) {
    this.warehouses = warehouses;
  }

  /**
   * {@code maintain} in a loop while a writer commits, a builder seals and compacts, and a reader
   * reads at Strong consistency: every read equals the model at the position it read, and at the
   * end the collection equals the model.
   */
  void run(int commits) throws Exception {
    try (Warehouse warehouse = warehouses.get()) {
      Collection c = warehouse.createCollection(CollectionId.parse("db.busy"), SCHEMA);
      // A short window: readers finish within seconds, so nothing they read is deleted under them.
      RetentionPolicy policy = RetentionPolicy.DEFAULTS.withMaxAge(Duration.ofSeconds(5))
          .withMinSnapshots(2).withOrphanGrace(Duration.ofMinutes(1));
      Maintenance.setPolicy(c, policy);
      Map<Long, WalBatch> log = new ConcurrentHashMap<>();
      List<Map.Entry<Long, Map<Object, Row>>> reads = new CopyOnWriteArrayList<>();
      AtomicBoolean writing = new AtomicBoolean(true);
      List<MaintenanceReport> reports = new CopyOnWriteArrayList<>();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        Future<?> writer = pool.submit(() -> {
          Random random = new Random(21);
          try {
            for (int i = 0; i < commits; i++) {
              WalBatch batch = randomBatch(random, 4);
              log.put(c.walWriter().commit(batch).position(), batch);
            }
          } finally {
            writing.set(false);
          }
          return null;
        });
        Future<?> builder = pool.submit(() -> {
          int round = 0;
          while (writing.get()) {
            try {
              SealPlan.of(c).runLocally(c, 300, 1);
              if (++round % 4 == 0) {
                CompactionPlan.of(c, 0.2, 100, false).runLocally(c, 300, 1);
              }
            } catch (CommitConflictException e) {
              // maintenance or the other job committed first: plan again
            }
            Thread.sleep(50);
          }
          return null;
        });
        Future<?> reader = pool.submit(() -> {
          while (writing.get()) {
            CollectionView view = CollectionView.latest(c);
            reads.add(Map.entry(view.position(), rowsOf(view.rows())));
            Thread.sleep(20);
          }
          return null;
        });
        Future<?> maintainer = pool.submit(() -> {
          while (writing.get()) {
            try {
              reports.add(Maintenance.run(c, MaintenanceOptions.defaults()));
            } catch (CommitConflictException e) {
              // a build committed during cleanup: the next round retries
            }
            Thread.sleep(300);
          }
          return null;
        });
        writer.get();
        builder.get();
        reader.get();
        maintainer.get();
      } finally {
        pool.shutdownNow();
      }
      Thread.sleep(policy.maxAge().toMillis() + 100);
      SealPlan.of(c).runLocally(c, 300, 1);
      MaintenanceReport finalRun = Maintenance.run(c, MaintenanceOptions.defaults());
      reports.add(finalRun);

      TreeMap<Long, WalBatch> ordered = new TreeMap<>(log);
      assertEquals(commits, ordered.size());
      Map<Long, Map<Object, Row>> expectedAt = new HashMap<>();
      OpsModel.Model model = new OpsModel.Model();
      for (Map.Entry<Long, WalBatch> e : ordered.entrySet()) {
        model.apply(e.getValue());
        expectedAt.put(e.getKey(), model.copy());
      }
      for (Map.Entry<Long, Map<Object, Row>> read : reads) {
        Map.Entry<Long, WalBatch> floor = ordered.floorEntry(read.getKey());
        Map<Object, Row> expected = floor == null ? Map.of() : expectedAt.get(floor.getKey());
        assertEquals(expected, read.getValue(), "Strong read at position " + read.getKey());
      }
      assertTrue(reads.size() > 10, "reads: " + reads.size());
      assertEquals(model.copy(), rowsOf(CollectionView.latest(c).rows()));
      assertTrue(reports.stream().mapToInt(MaintenanceReport::expiredWalSnapshots).sum() > 0);
      assertTrue(reports.stream().mapToInt(MaintenanceReport::retiredWalFiles).sum() > 0);
      assertSearchFindsEveryRow(c, model);
    }
  }
}
