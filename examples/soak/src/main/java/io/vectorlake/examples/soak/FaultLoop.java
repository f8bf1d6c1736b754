package io.vectorlake.examples.soak;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * Faults at random times (every 10-25 s): the Flink writer SIGKILLed and restored from its latest
 * retained checkpoint, or a serving node SIGKILLed (mid group commit, if a write was in flight)
 * and started again on its port; once, at the first fault past 40% of the run, the Flink writer
 * stopped with a savepoint and restored from it. A fault that cannot be carried out (a child that
 * does not come back) aborts the run; the loop stops at once on any abort.
 */
final class FaultLoop implements Runnable {
  private final FlinkWriter flink;
  private final List<ServingNode> nodes;
  private final FaultLog log;
  private final SoakStats stats;
  private final SoakAbort abort;
  private final SplittableRandom random;
  private final BooleanSupplier running;
  private final long savepointAfter;
  private final String database;
  private final String collection;
  private final BooleanSupplier flinkCommitted;
  private boolean savepointDone;

  FaultLoop(FlinkWriter flink, List<ServingNode> nodes, String database, String collection,
      FaultLog log, SoakStats stats, SoakAbort abort, long seed, long runNanos,
      BooleanSupplier running, BooleanSupplier flinkCommitted) {
    this.abort = abort;
    this.flinkCommitted = flinkCommitted;
    this.database = database;
    this.collection = collection;
    this.flink = flink;
    this.nodes = nodes;
    this.log = log;
    this.stats = stats;
    this.random = new SplittableRandom(seed ^ 0x1B873593L);
    this.savepointAfter = System.nanoTime() + (long) (runNanos * 0.4);
    this.running = () -> running.getAsBoolean() && !abort.aborted();
  }

  @Override
  public void run() {
    try {
      // On a loaded machine the first JVMs take long to start: faults begin once the Flink job
      // has committed, so every run exercises restores from a real checkpoint.
      while (running.getAsBoolean() && !flinkCommitted.getAsBoolean()) {
        Thread.sleep(500);
      }
      while (running.getAsBoolean()) {
        sleepWhileRunning(10_000 + random.nextInt(15_000));
        if (!running.getAsBoolean()) {
          return;
        }
        if (!savepointDone && System.nanoTime() > savepointAfter) {
          savepointDone = true;
          String savepoint = flink.stopWithSavepointAndRestore();
          stats.count("faults: Flink stop-with-savepoint + restore");
          System.out.println("  fault: Flink writer stopped with savepoint, restored from " + savepoint);
        } else if (random.nextBoolean()) {
          String checkpoint = flink.killAndRestore();
          stats.count("faults: Flink SIGKILL + restore from checkpoint");
          System.out.println("  fault: Flink writer SIGKILLed, restored from " + checkpoint);
        } else {
          ServingNode node = nodes.get(random.nextInt(nodes.size()));
          long[] window = log.open();
          node.kill();
          stats.count("faults: serving node SIGKILL + restart");
          System.out.println("  fault: serving node " + node.index() + " SIGKILLed");
          Thread.sleep(1_000 + random.nextInt(4_000));
          node.start();
          node.load(database, collection);
          log.close(window);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      abort.abort("fault injection failed", e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  private void sleepWhileRunning(long millis) throws InterruptedException {
    long end = System.currentTimeMillis() + millis;
    while (running.getAsBoolean() && System.currentTimeMillis() < end) {
      Thread.sleep(200);
    }
  }
}
