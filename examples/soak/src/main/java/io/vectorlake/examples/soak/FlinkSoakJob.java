package io.vectorlake.examples.soak;

import io.vectorlake.catalog.cli.WarehouseOptions;
import io.vectorlake.flink.VectorlakeSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.CheckpointException;
import org.apache.flink.runtime.checkpoint.CheckpointFailureReason;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The soak's Flink writer, run as a child JVM ({@code bin/vectorlake soak-flink-writer}): a local
 * MiniCluster streams {@link FlinkOps} 0..ops-1 at a fixed rate through the exactly-once sink,
 * checkpointing every second and retaining checkpoints, so the orchestrator can SIGKILL it and
 * start it again from the latest one. A file {@code stop} in the work directory asks for
 * stop-with-savepoint; the savepoint's path is then written to {@code savepoint}. The job ends by
 * itself once every op is emitted and committed (the final checkpoint commits the last ones).
 */
@Command(name = "soak-flink-writer", mixinStandardHelpOptions = true,
    description = "The soak's Flink writer job (started by bin/vectorlake soak).")
public final class FlinkSoakJob implements Callable<Integer> {
  static final String PROGRESS = "progress";
  static final String STOP = "stop";
  static final String SAVEPOINT = "savepoint";
  static final String CHECKPOINTS = "checkpoints";

  @Mixin WarehouseOptions warehouse;

  @Option(names = "--collection", required = true) String collection;
  @Option(names = "--seed", required = true) long seed;
  @Option(names = "--ops", required = true) long ops;
  @Option(names = "--rate", required = true, description = "Ops per second.") double rate;
  @Option(names = "--work-dir", required = true) Path workDir;
  @Option(names = "--restore", description = "A retained checkpoint or savepoint to start from.")
  String restore;

  public static void main(String[] args) {
    System.exit(new CommandLine(new FlinkSoakJob()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Map<String, String> settings = new HashMap<>();
    settings.put("restart-strategy.type", "fixed-delay");
    settings.put("restart-strategy.fixed-delay.attempts", "3");
    settings.put("execution.checkpointing.interval", "1 s");
    settings.put("execution.checkpointing.dir", workDir.resolve(CHECKPOINTS).toUri().toString());
    settings.put("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
    settings.put("execution.checkpointing.num-retained", "3");
    if (restore != null) {
      settings.put("execution.state-recovery.path", restore);
    }
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(Configuration.fromMap(settings));
    DataGeneratorSource<Long> source = new DataGeneratorSource<>(
        index -> index, ops, RateLimiterStrategy.perSecond(rate), Types.LONG);
    VectorlakeSink.builder()
        .warehouse(warehouse.properties())
        .collection(collection)
        .parallelism(2)
        .batchRows(1000)
        .append(env.fromSource(source, WatermarkStrategy.noWatermarks(), "soak ops")
            .uid("soak-ops").setParallelism(1)
            .map(new ProgressReporter(workDir.resolve(PROGRESS), seed))
            .uid("soak-progress").setParallelism(1));
    JobClient job = env.executeAsync("vectorlake soak writer");
    System.out.println("soak writer job " + job.getJobID() + " started"
        + (restore == null ? "" : " from " + restore));
    Path stop = workDir.resolve(STOP);
    // The local MiniCluster shuts down with the job, so watch the result, not the job status.
    java.util.concurrent.CompletableFuture<?> result = job.getJobExecutionResult();
    while (!result.isDone()) {
      if (Files.exists(stop)) {
        String path = stopWithSavepoint(job);
        Path tmp = workDir.resolve(SAVEPOINT + ".tmp");
        Files.writeString(tmp, path, StandardCharsets.UTF_8);
        Files.move(tmp, workDir.resolve(SAVEPOINT), StandardCopyOption.ATOMIC_MOVE);
        Files.delete(stop);
        System.out.println("soak writer stopped with savepoint " + path);
        return 0;
      }
      Thread.sleep(200);
    }
    try {
      result.get();
    } catch (java.util.concurrent.ExecutionException e) {
      System.out.println("soak writer job failed:");
      e.getCause().printStackTrace(System.out);
      return 1;
    }
    System.out.println("soak writer finished: all " + ops + " ops emitted and committed");
    return 0;
  }

  /**
   * Stop-with-savepoint, asked again (for up to 2 minutes, backing off from 0.5 s to 4 s) while
   * Flink refuses it because the job's tasks are not all running yet, as right after a restore.
   */
  private String stopWithSavepoint(JobClient job) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    long backoffMillis = 500;
    while (true) {
      try {
        return job.stopWithSavepoint(false, workDir.resolve("savepoints").toUri().toString(),
            SavepointFormatType.CANONICAL).get();
      } catch (ExecutionException e) {
        if (!tasksNotAllRunning(e) || System.nanoTime() > deadline) {
          throw e;
        }
        System.out.println("soak writer: savepoint refused, tasks not all running yet; again in "
            + backoffMillis + " ms");
        Thread.sleep(backoffMillis);
        backoffMillis = Math.min(4_000, backoffMillis * 2);
      }
    }
  }

  /** Whether Flink refused a savepoint because not all of the job's tasks were running. */
  private static boolean tasksNotAllRunning(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof CheckpointException c
          && c.getCheckpointFailureReason() == CheckpointFailureReason.NOT_ALL_REQUIRED_TASKS_RUNNING) {
        return true;
      }
      // Across Flink's RPC the exception may arrive serialized: its message still says why.
      if (String.valueOf(t.getMessage()).contains(
          CheckpointFailureReason.NOT_ALL_REQUIRED_TASKS_RUNNING.message())) {
        return true;
      }
    }
    return false;
  }
}
