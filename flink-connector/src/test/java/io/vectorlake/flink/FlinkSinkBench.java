package io.vectorlake.flink;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.view.CollectionView;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.Snapshot;

/**
 * Measures the Flink sink on a local MiniCluster: rows/s and MB/s into the WAL for 128-d and 784-d
 * vectors at writer parallelism 1 and 2, and the time from a checkpoint completing to its rows
 * being visible to a reader. A main class, not a test: {@code FlinkSinkBench [rows128] [rows784]} or {@code FlinkSinkBench
 * visibility}.
 */
public final class FlinkSinkBench {
  static final long CHECKPOINT_MS = 1_000;
  static final Map<Long, Long> CHECKPOINT_COMPLETED_AT = new ConcurrentHashMap<>();

  private FlinkSinkBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("visibility")) {
      visibility(128, 2, 5_000, 40_000);
      return;
    }
    long rows128 = args.length > 0 ? Long.parseLong(args[0]) : 600_000;
    long rows784 = args.length > 1 ? Long.parseLong(args[1]) : 150_000;
    System.out.printf(Locale.ROOT, "checkpoint interval %d ms, batchRows %d, shards 2, %d cores%n",
        CHECKPOINT_MS, VectorlakeSinkBuilder.DEFAULT_BATCH_ROWS,
        Runtime.getRuntime().availableProcessors());
    System.out.println("dim  writers  rows     seconds  rows/s    vector MB/s  WAL MB/s  commits");
    for (int dim : new int[] {128, 784}) {
      long rows = dim == 128 ? rows128 : rows784;
      for (int writers = 1; writers <= 2 && rows > 0; writers++) {
        throughput(dim, writers, rows);
      }
    }
    visibility(128, 2, 5_000, 40_000);
  }

  static CollectionSchema schema(int dim) {
    return CollectionSchema.builder()
        .field(FieldSchema.primaryKey("id", DataType.INT64))
        .field(FieldSchema.floatVector("emb", dim, MetricType.L2))
        .shards(2)
        .build();
  }

  static RowType rowType() {
    return (RowType) DataTypes.ROW(
            DataTypes.FIELD("id", DataTypes.BIGINT().notNull()),
            DataTypes.FIELD("emb", DataTypes.ARRAY(DataTypes.FLOAT())))
        .getLogicalType();
  }

  /** Random vectors from a cheap generator seeded by the key (so each row differs). */
  static GeneratorFunction<Long, RowData> rows(int dim) {
    return id -> {
      float[] v = new float[dim];
      long x = id * 0x9E3779B97F4A7C15L + 1;
      for (int i = 0; i < dim; i++) {
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        v[i] = (x >>> 40) / (float) (1 << 24) - 0.5f;
      }
      return GenericRowData.of(id, new GenericArrayData(v));
    };
  }

  static StreamExecutionEnvironment environment(int parallelism) {
    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, 4);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
    env.setParallelism(parallelism);
    env.enableCheckpointing(CHECKPOINT_MS);
    return env;
  }

  static Collection create(Path dir, int dim) throws Exception {
    try (Warehouse warehouse = Warehouse.local(dir)) {
      return warehouse.createCollection(CollectionId.parse("bench.docs"), schema(dim));
    }
  }

  static void throughput(int dim, int writers, long count) throws Exception {
    Path dir = Files.createTempDirectory("flink-sink-bench");
    Collection collection = create(dir, dim);
    StreamExecutionEnvironment env = environment(writers);
    DataStream<RowData> source = env.fromSource(
        new DataGeneratorSource<>(rows(dim), count, InternalTypeInfo.of(rowType())),
        WatermarkStrategy.noWatermarks(), "rows");
    VectorlakeSink.builder()
        .warehouse(dir.toString())
        .collection("bench.docs")
        .forRowData(rowType())
        .parallelism(writers)
        .append(source);
    JobExecutionResult result = env.execute("bench " + dim + "d x" + writers);
    double seconds = result.getNetRuntime() / 1000.0;
    collection.walTable().refresh();
    Snapshot current = collection.walTable().currentSnapshot();
    long walBytes = Long.parseLong(current.summary().getOrDefault("total-files-size", "0"));
    int commits = 0;
    for (Snapshot s : collection.walTable().snapshots()) {
      commits++;
    }
    long ops = collection.walReader().read(0, collection.walPosition()).size();
    if (ops != count) {
      throw new IllegalStateException("WAL holds " + ops + " ops, sent " + count);
    }
    double vectorMb = count * dim * 4.0 / 1e6;
    System.out.printf(Locale.ROOT, "%-4d %-8d %-8d %-8.1f %-9.0f %-12.1f %-9.1f %d%n",
        dim, writers, count, seconds, count / seconds, vectorMb / seconds,
        walBytes / 1e6 / seconds, commits);
  }

  /** Passes rows through and notes when each checkpoint completed. */
  static final class CheckpointClock implements MapFunction<RowData, RowData>, CheckpointListener {
    @Override
    public RowData map(RowData row) {
      return row;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
      CHECKPOINT_COMPLETED_AT.putIfAbsent(checkpointId, System.nanoTime());
    }
  }

  static void visibility(int dim, int writers, double perSecond, long count) throws Exception {
    Path dir = Files.createTempDirectory("flink-sink-bench");
    Collection collection = create(dir, dim);
    StreamExecutionEnvironment env = environment(writers);
    DataStream<RowData> source = env.fromSource(
            new DataGeneratorSource<>(rows(dim), count, RateLimiterStrategy.perSecond(perSecond),
                InternalTypeInfo.of(rowType())),
            WatermarkStrategy.noWatermarks(), "rows")
        .map(new CheckpointClock())
        .returns(InternalTypeInfo.of(rowType()));
    VectorlakeSink.builder()
        .warehouse(dir.toString())
        .collection("bench.docs")
        .forRowData(rowType())
        .parallelism(writers)
        .append(source);
    JobClient job = env.executeAsync("visibility");
    List<Double> toPosition = new ArrayList<>();
    List<Double> toView = new ArrayList<>();
    long seenPosition = 0;
    // Polling the job's status fails once the local cluster shuts down with the job: watch the
    // result future instead.
    var finished = job.getJobExecutionResult();
    while (!finished.isDone()) {
      long position = collection.walPosition();
      if (position > seenPosition) {
        long seen = System.nanoTime();
        Snapshot snapshot = collection.walTable().currentSnapshot();
        long checkpoint = Long.parseLong(
            snapshot.summary().get(VectorlakeCommitter.MAX_COMMITTED_CHECKPOINT_ID));
        CollectionView view = CollectionView.at(collection, position);
        long viewed = System.nanoTime();
        Long completed = CHECKPOINT_COMPLETED_AT.get(checkpoint);
        if (completed != null && view.size() > 0) {
          toPosition.add((seen - completed) / 1e6);
          toView.add((viewed - completed) / 1e6);
        }
        seenPosition = position;
      }
      Thread.sleep(10);
    }
    toPosition.sort(null);
    toView.sort(null);
    System.out.printf(Locale.ROOT,
        "visibility (%d-d, %d writers, %.0f rows/s, checkpoint %d ms, %d commits): checkpoint"
            + " complete -> WAL position visible median %.0f ms, max %.0f ms; -> CollectionView"
            + " built median %.0f ms, max %.0f ms%n",
        dim, writers, perSecond, CHECKPOINT_MS, toPosition.size(),
        median(toPosition), max(toPosition), median(toView), max(toView));
  }

  static double median(List<Double> values) {
    return values.isEmpty() ? Double.NaN : values.get(values.size() / 2);
  }

  static double max(List<Double> values) {
    return values.isEmpty() ? Double.NaN : values.get(values.size() - 1);
  }
}
