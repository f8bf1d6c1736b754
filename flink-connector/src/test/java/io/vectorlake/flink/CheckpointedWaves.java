package io.vectorlake.flink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.source.legacy.SourceFunction;

/**
 * A checkpointed test source of upserts of keys {@code first .. first+count-1} in version {@code
 * version}, sent in waves of {@code waveSize}: a wave goes out only once the checkpoint taken after
 * the previous wave has completed, so each wave lands in a checkpoint of its own and a run of
 * {@code w} waves commits checkpoints with ids of at least {@code 1 .. w}. The checkpoint that took
 * each wave is written to {@code log} ({@code wave-<checkpoint id>} holding the source position
 * after it), so a test knows what every checkpoint holds without asking the sink. At position
 * {@code holdAt} it writes {@code held} to {@code log} and sends nothing more until the test
 * creates {@code release} there, so every checkpoint taken meanwhile (a savepoint) has that
 * position. After the last wave it finishes, or with {@code endless} idles until cancelled (as a
 * Kafka topic would).
 */
@SuppressWarnings("deprecation") // the legacy source API: the shortest way to a paced checkpointed source
final class CheckpointedWaves
    implements SourceFunction<VectorlakeRecord>, CheckpointedFunction, CheckpointListener {
  private final long first;
  private final long count;
  private final long waveSize;
  private final int version;
  private final String log;
  private final boolean endless;
  private final long holdAt;

  private volatile boolean running = true;
  private volatile long lastCompleted = -1;
  private volatile long waveCheckpoint = -1;
  private boolean waveSent;
  private long next;
  private transient ListState<Long> position;

  CheckpointedWaves(
      long first, long count, long waveSize, int version, Path log, boolean endless) {
    this(first, count, waveSize, version, log, endless, -1);
  }

  CheckpointedWaves(long first, long count, long waveSize, int version, Path log,
      boolean endless, long holdAt) {
    this.first = first;
    this.count = count;
    this.waveSize = waveSize;
    this.version = version;
    this.log = log.toString();
    this.endless = endless;
    this.holdAt = holdAt;
  }

  static void awaitHeld(Path log) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!Files.exists(log.resolve("held"))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the source never reached its hold position");
      }
      Thread.sleep(20);
    }
  }

  static void release(Path log) throws IOException {
    Files.createFile(log.resolve("release"));
  }

  /** The source position after each checkpoint that took a wave, by checkpoint id. */
  static Map<Long, Long> waveCheckpoints(Path log) throws IOException {
    Map<Long, Long> waves = new TreeMap<>();
    try (Stream<Path> files = Files.list(log)) {
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith("wave-")).toList()) {
        waves.put(Long.parseLong(file.getFileName().toString().substring(5)),
            Long.parseLong(Files.readString(file).trim()));
      }
    }
    return waves;
  }

  @Override
  public void run(SourceContext<VectorlakeRecord> context) throws Exception {
    while (running && next < count) {
      if (next == holdAt) {
        hold();
      }
      synchronized (context.getCheckpointLock()) {
        long end = Math.min(count, next + waveSize);
        for (; next < end; next++) {
          context.collect(VectorlakeRecord.upsert(TestCollections.row(first + next, version)));
        }
        waveSent = true;
        waveCheckpoint = -1;
      }
      while (running && (waveCheckpoint < 0 || lastCompleted < waveCheckpoint)) {
        Thread.sleep(5);
      }
    }
    while (running && endless) {
      Thread.sleep(10);
    }
  }

  private void hold() throws Exception {
    Files.writeString(Path.of(log).resolve("held"), Long.toString(next));
    while (running && !Files.exists(Path.of(log).resolve("release"))) {
      Thread.sleep(10);
    }
  }

  @Override
  public void cancel() {
    running = false;
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    position.update(List.of(next));
    if (waveSent) {
      waveSent = false;
      waveCheckpoint = context.getCheckpointId();
      try {
        Files.writeString(Path.of(log).resolve("wave-" + context.getCheckpointId()),
            Long.toString(next));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) {
    lastCompleted = Math.max(lastCompleted, checkpointId);
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
