package io.vectorlake.examples.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * The Spark jobs, one after another as a scheduler would run them: build, compact, cleanup with a
 * short grace period, maintain, a pause, again. One build in four is SIGKILLed a few seconds in. A job
 * that fails by itself (not killed) is an unexplained error.
 */
final class JobLoop implements Runnable {
  private static final String SPARK_OPTS = "-Xmx1g";

  private final SoakSettings settings;
  private final SoakStats stats;
  private final SplittableRandom random;
  private final BooleanSupplier running;

  JobLoop(SoakSettings settings, SoakStats stats, BooleanSupplier running) {
    this.settings = settings;
    this.stats = stats;
    this.random = new SplittableRandom(settings.seed() ^ 0x2545F4914F6CDD1DL);
    this.running = running;
  }

  @Override
  public void run() {
    try {
      while (running.getAsBoolean()) {
        if (random.nextInt(4) == 0) {
          runJob("build", 2 + random.nextInt(10));
        } else {
          runJob("build", -1);
        }
        if (!running.getAsBoolean()) {
          break;
        }
        runJob("compact", -1);
        runJob("cleanup", -1);
        runJob("maintain", -1);
        Thread.sleep(2_000 + random.nextInt(3_000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      stats.mismatch("job loop failed", e.toString());
    }
  }

  /** Runs one job to its end, or SIGKILLs it after {@code killAfterSeconds} (if positive). */
  void runJob(String job, int killAfterSeconds) throws Exception {
    List<String> args = new ArrayList<>(List.of(job));
    args.addAll(settings.warehouseArgs());
    args.addAll(List.of("--collection", settings.collection().toString()));
    switch (job) {
      case "build" -> args.addAll(List.of("--master", "local[2]", "--target-rows", "2000"));
      case "compact" -> args.addAll(List.of("--master", "local[2]", "--small-rows", "500",
          "--target-rows", "4000"));
      case "cleanup" -> args.addAll(List.of("--grace-minutes",
          Long.toString(settings.cleanupGraceMinutes())));
      // The retention policy SoakCollection set: a window longer than the run.
      case "maintain" -> { }
      default -> throw new IllegalArgumentException(job);
    }
    long started = System.nanoTime();
    try (Child child = Child.start(settings, job, SPARK_OPTS, args)) {
      if (killAfterSeconds > 0) {
        Integer exit = child.waitFor(killAfterSeconds);
        if (exit == null) {
          child.kill();
          stats.count("faults: " + job + " SIGKILLed mid-way");
          return;
        }
        finished(job, exit, child, started);
        return;
      }
      Integer exit = child.waitFor(600);
      if (exit == null) {
        child.kill();
        stats.mismatch(job + " hung", "no exit in 10 minutes; see " + child.description());
        return;
      }
      finished(job, exit, child, started);
    }
  }

  private void finished(String job, int exit, Child child, long started) {
    if (exit == 0) {
      stats.count("jobs: " + job + " completed");
    } else {
      stats.mismatch(job + " failed by itself", "exit " + exit + "; see " + child.description());
    }
  }
}
