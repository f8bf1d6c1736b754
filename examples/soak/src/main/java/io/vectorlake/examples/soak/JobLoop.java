package io.vectorlake.examples.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * The Spark jobs, one after another as a scheduler would run them: build, compact, cleanup with a
 * short grace period, maintain, a pause, again. One build in four is SIGKILLed a few seconds in. A job
 * that fails by itself (not killed) or hangs is an unexplained error: it aborts the run, and the
 * loop stops at once (killing the job in flight) once anything aborted it.
 */
final class JobLoop implements Runnable {
  private static final String SPARK_OPTS = "-Xmx1g";

  private final SoakSettings settings;
  private final SoakStats stats;
  private final SplittableRandom random;
  private final BooleanSupplier running;
  private final SoakAbort abort;

  JobLoop(SoakSettings settings, SoakStats stats, SoakAbort abort, BooleanSupplier running) {
    this.settings = settings;
    this.stats = stats;
    this.abort = abort;
    this.random = new SplittableRandom(settings.seed() ^ 0x2545F4914F6CDD1DL);
    this.running = running;
  }

  @Override
  public void run() {
    try {
      while (running.getAsBoolean() && !abort.aborted()) {
        if (random.nextInt(4) == 0) {
          runJob("build", 2 + random.nextInt(10));
        } else {
          runJob("build", -1);
        }
        for (String job : List.of("compact", "cleanup", "maintain")) {
          if (!running.getAsBoolean() || abort.aborted()) {
            return;
          }
          runJob(job, -1);
        }
        Thread.sleep(2_000 + random.nextInt(3_000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      abort.abort("job loop failed", e.toString());
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
    try (Child child = Child.start(settings, job, SPARK_OPTS, args)) {
      Integer exit = waitUnlessAborted(child, killAfterSeconds > 0 ? killAfterSeconds : 600);
      if (abort.aborted()) {
        return; // the child is killed on close
      }
      if (exit == null && killAfterSeconds > 0) {
        child.kill();
        stats.count("faults: " + job + " SIGKILLed mid-way");
      } else if (exit == null) {
        child.kill();
        abort.abort(job + " hung", "no exit in 10 minutes; see " + child.description());
      } else if (exit == 0) {
        stats.count("jobs: " + job + " completed");
      } else {
        abort.abort(job + " failed by itself", "exit " + exit + "; see " + child.description());
      }
    }
  }

  /** The child's exit code once it exits within {@code seconds}; null if it runs on or on abort. */
  private Integer waitUnlessAborted(Child child, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < deadline && !abort.aborted()) {
      Integer exit = child.waitFor(1);
      if (exit != null) {
        return exit;
      }
    }
    return null;
  }
}
