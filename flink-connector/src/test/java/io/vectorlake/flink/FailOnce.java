package io.vectorlake.flink;

import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/** Passes elements through, and throws once in the first attempt after some checkpoints completed. */
final class FailOnce<T> extends RichMapFunction<T, T> implements CheckpointListener {
  private final int afterCheckpoints;
  private int completed;

  FailOnce(int afterCheckpoints) {
    this.afterCheckpoints = afterCheckpoints;
  }

  @Override
  public T map(T element) {
    if (getRuntimeContext().getTaskInfo().getAttemptNumber() == 0
        && completed >= afterCheckpoints) {
      throw new IllegalStateException("injected failure after " + completed + " checkpoints");
    }
    return element;
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) {
    completed++;
  }
}
