package io.vectorlake.flink;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptionsInternal;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Jobs on a local MiniCluster of their own, checkpointing every 100 ms, as the ITs run them. */
final class LocalJobs {
  private LocalJobs() {}

  /**
   * An environment for a job under {@code jobId}, restored from {@code restoreFrom} (a savepoint or
   * retained checkpoint, or null), retaining its checkpoints in {@code retainCheckpointsIn} (or
   * null), with no restarts: a failure ends the job, as the tests inject them.
   */
  static StreamExecutionEnvironment environment(JobID jobId, String restoreFrom,
      Path retainCheckpointsIn) {
    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    conf.set(PipelineOptionsInternal.PIPELINE_FIXED_JOB_ID, jobId.toHexString());
    if (restoreFrom != null) {
      conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restoreFrom);
    }
    if (retainCheckpointsIn != null) {
      conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, retainCheckpointsIn.toUri().toString());
      conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 1_000);
      conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
          ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
    env.enableCheckpointing(Duration.ofMillis(100).toMillis());
    return env;
  }

  static void cancel(JobClient job) throws Exception {
    job.cancel().get();
    try {
      job.getJobExecutionResult().get();
    } catch (ExecutionException expected) {
      // a cancelled job ends with an exception
    }
  }
}
