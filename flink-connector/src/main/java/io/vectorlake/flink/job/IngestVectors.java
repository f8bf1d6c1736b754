package io.vectorlake.flink.job;

import io.vectorlake.catalog.cli.CollectionCommands;
import io.vectorlake.catalog.cli.WarehouseOptions;
import io.vectorlake.catalog.dataset.VectorFiles;
import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import io.vectorlake.flink.VectorlakeRecord;
import io.vectorlake.flink.VectorlakeSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bin/vectorlake ingest}: a Flink job that streams a vector set ({@code base.fvecs[.gz]})
 * into a collection through the Vectorlake sink, with checkpointing, as a production job would
 * stream events. Each row is {@code id} (its position in the file), {@code vector} and {@code
 * category = id % 10}, a scalar to filter on. Runs on a local MiniCluster, or on the cluster of
 * {@code flink run}.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "Stream a vector set into a collection with a Flink job (exactly once).")
public final class IngestVectors implements Callable<Integer> {
  @Mixin WarehouseOptions warehouse;
  @Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--collection", required = true, paramLabel = "DB.NAME")
  String collection;

  @Option(names = "--data", required = true, paramLabel = "DIR|FILE",
      description = "A vector set folder (its base.fvecs[.gz]) or an .fvecs[.gz] file.")
  Path data;

  @Option(names = "--create", description = "Create the collection (id, vector, category) if missing.")
  boolean create;

  @Option(names = "--metric", defaultValue = "L2", description = "Metric when creating. Default: L2.")
  MetricType metric;

  @Option(names = "--shards", defaultValue = "2", description = "Shards when creating. Default: 2.")
  int shards;

  @Option(names = "--parallelism", defaultValue = "2", description = "Writer parallelism. Default: 2.")
  int parallelism;

  @Option(names = "--checkpoint-ms", defaultValue = "1000",
      description = "Checkpoint interval. Default: ${DEFAULT-VALUE} ms.")
  long checkpointMillis;

  @Option(names = "--limit", defaultValue = "-1", description = "Only the first N vectors.")
  long limit;

  public static void main(String[] args) {
    System.exit(CollectionCommands.withUserErrors(new CommandLine(new IngestVectors())).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path file = Files.isDirectory(data) ? find(data) : data;
    List<float[]> vectors = VectorFiles.readFvecs(file);
    long count = limit < 0 ? vectors.size() : Math.min(limit, vectors.size());
    int dim = vectors.get(0).length;
    Map<String, String> props = warehouse.properties();
    try (Warehouse wh = Warehouse.open(props)) {
      CollectionId id = CollectionId.parse(collection);
      if (create && !wh.hasCollection(id)) {
        wh.createCollection(id, CollectionSchema.builder()
            .field(FieldSchema.primaryKey("id", DataType.INT64))
            .field(FieldSchema.floatVector("vector", dim, metric))
            .field(FieldSchema.builder("category", DataType.INT32))
            .shards(shards)
            .build());
      }
    }
    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
    env.enableCheckpointing(checkpointMillis);
    env.setParallelism(parallelism);

    VectorlakeSink.builder().warehouse(props).collection(collection)
        .parallelism(parallelism)
        .append(env.fromSequence(0, count - 1).map(new ToRecord(file.toString())).name("vectors"));
    long started = System.nanoTime();
    env.execute("vectorlake ingest " + collection);
    double seconds = (System.nanoTime() - started) / 1e9;
    spec.commandLine().getOut().printf(
        "ingested %,d vectors of dim %d into %s in %.1f s (%.0f rows/s, job start included)%n",
        count, dim, collection, seconds, count / seconds);
    return 0;
  }

  private static Path find(Path folder) {
    for (String name : List.of("base.fvecs", "base.fvecs.gz")) {
      if (Files.exists(folder.resolve(name))) {
        return folder.resolve(name);
      }
    }
    throw new IllegalArgumentException("no base.fvecs[.gz] in " + folder);
  }

  /** Turns a row number into an insert of that row of the vector file. */
  private static final class ToRecord extends RichMapFunction<Long, VectorlakeRecord> {
    private final String file;
    private transient List<float[]> vectors;

    ToRecord(String file) {
      this.file = file;
    }

    @Override
    public void open(OpenContext context) throws Exception {
      vectors = VectorFiles.readFvecs(Path.of(file));
    }

    @Override
    public VectorlakeRecord map(Long id) {
      return VectorlakeRecord.insert(Map.of(
          "id", id, "vector", vectors.get(id.intValue()), "category", (int) (id % 10)));
    }
  }
}
