package io.vectorlake.flink;

import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.source.legacy.SourceFunction;

/**
 * An unbounded, checkpointed source of test inserts: keys {@code 0..count-1}, paced, then nothing
 * more until cancelled (it never finishes, as a Kafka topic would not). The legacy source API is
 * the shortest way to a checkpointed source that stays open.
 */
@SuppressWarnings("deprecation")
final class EndlessInserts implements SourceFunction<VectorlakeRecord>, CheckpointedFunction {
  private final long count;
  private final long pauseEvery;
  private volatile boolean running = true;
  private long next;
  private transient ListState<Long> position;

  EndlessInserts(long count, long pauseEvery) {
    this.count = count;
    this.pauseEvery = pauseEvery;
  }

  @Override
  public void run(SourceContext<VectorlakeRecord> context) throws Exception {
    while (running) {
      synchronized (context.getCheckpointLock()) {
        if (next < count) {
          context.collect(VectorlakeRecord.insert(TestCollections.row(next, 0)));
          next++;
        }
      }
      if (next >= count || next % pauseEvery == 0) {
        Thread.sleep(10);
      }
    }
  }

  @Override
  public void cancel() {
    running = false;
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    position.update(List.of(next));
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    position = context.getOperatorStateStore()
        .getListState(new ListStateDescriptor<>("position", Long.class));
    for (Long restored : position.get()) {
      next = restored;
    }
  }
}
