package io.vectorlake.examples.soak;

import io.vectorlake.flink.VectorlakeRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;

/**
 * Turns op indexes into sink records and tells the orchestrator, at each checkpoint barrier, how
 * many ops precede it: a line {@code jobId checkpointId k} means checkpoint {@code checkpointId}
 * of that job holds exactly the ops {@code 0..k-1}. The orchestrator treats them as acknowledged
 * once the WAL's snapshot summary shows that checkpoint committed (the sink's committer writes
 * job id and checkpoint id there), never before: the line is written before the checkpoint
 * completes. Runs with parallelism 1, chained to the source, so ops arrive in index order.
 */
final class ProgressReporter extends RichMapFunction<Long, VectorlakeRecord>
    implements CheckpointedFunction {
  private final String progressFile;
  private final long seed;
  private transient FlinkOps ops;
  private transient ListState<Long> nextState;
  private transient long next;

  ProgressReporter(Path progressFile, long seed) {
    this.progressFile = progressFile.toString();
    this.seed = seed;
  }

  @Override
  public VectorlakeRecord map(Long index) {
    if (ops == null) {
      ops = new FlinkOps(seed);
    }
    if (index != next) {
      throw new IllegalStateException("op " + index + " arrived where op " + next + " was due");
    }
    next = index + 1;
    return record(ops.op(index));
  }

  static VectorlakeRecord record(SoakOp op) {
    return switch (op.kind()) {
      case INSERT -> VectorlakeRecord.insert(row(op)).inPartition(op.partition());
      case UPSERT -> VectorlakeRecord.upsert(row(op)).inPartition(op.partition());
      case DELETE -> VectorlakeRecord.delete(op.key());
    };
  }

  private static Map<String, Object> row(SoakOp op) {
    return Map.of(SoakCollection.KEY, op.key(), SoakCollection.VECTOR, op.vector(),
        SoakCollection.VERSION, op.version());
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    nextState.update(java.util.List.of(next));
    String line = getRuntimeContext().getJobInfo().getJobId() + " " + context.getCheckpointId()
        + " " + next + "\n";
    try (FileChannel out = FileChannel.open(Path.of(progressFile), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      out.write(java.nio.ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
      out.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + progressFile, e);
    }
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    nextState = context.getOperatorStateStore()
        .getListState(new ListStateDescriptor<>("next-op", Long.class));
    next = 0;
    for (Long restored : nextState.get()) {
      next = restored;
    }
  }
}
