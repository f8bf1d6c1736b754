package io.vectorlake.examples.bench;

import io.vectorlake.catalog.cli.CollectionCommands;
import io.vectorlake.catalog.maintenance.Maintenance;
import io.vectorlake.catalog.maintenance.MaintenanceOptions;
import io.vectorlake.catalog.maintenance.MaintenanceReport;
import io.vectorlake.catalog.maintenance.RetentionPolicy;
import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.wal.WalBatch;
import io.vectorlake.catalog.wal.WalWriter;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import io.vectorlake.examples.ServerProcess;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/vectorlake bench-metadata}: whether a collection stays as fast after many small
 * commits as it was after its first ones (issue 11). One writer makes small WAL commits through
 * the catalog API while a serving node (its own process) answers Strong searches; a background
 * builder seals the WAL every few commits (the index builder's work, as a scheduled or continuous
 * build would), and at the end of every window of commits a background job runs {@link
 * Maintenance} with compaction. Per window it prints commit latency p50/p99, the size of
 * the newest metadata.json, the files under the tables, and Strong read p50/p99.
 */
@Command(name = "bench-metadata", mixinStandardHelpOptions = true,
    description = "Many small commits with Strong reads and maintenance; figures per window.")
public final class MetadataBench implements Callable<Integer> {
  private static final CollectionId ID = CollectionId.parse("bench.small_commits");

  @Option(names = "--commits", defaultValue = "20000", description = "Default: ${DEFAULT-VALUE}.")
  int commits;

  @Option(names = "--window", defaultValue = "1000",
      description = "Commits per window; maintenance runs after each. Default: ${DEFAULT-VALUE}.")
  int window;

  @Option(names = "--rows-per-commit", defaultValue = "10", description = "Default: ${DEFAULT-VALUE}.")
  int rowsPerCommit;

  @Option(names = "--dim", defaultValue = "8", description = "Vector dimension. Default: ${DEFAULT-VALUE}.")
  int dim;

  @Option(names = "--max-age", defaultValue = "1m",
      description = "The time-travel window maintenance keeps (vectorlake.retention.max-age)."
          + " Default: ${DEFAULT-VALUE}, short enough to bound the history within the run.")
  String maxAge;

  @Option(names = "--orphan-grace", defaultValue = "3d",
      description = "How old unreferenced files (retired segments' too) must be before maintenance"
          + " deletes them (vectorlake.retention.orphan-grace). Default: ${DEFAULT-VALUE}.")
  String orphanGrace;

  @Option(names = "--retired-grace", defaultValue = "1m",
      description = "How long compacted segments' files stay (vectorlake.retention.retired-grace)."
          + " Default: ${DEFAULT-VALUE}, like --max-age, so they leave within the run.")
  String retiredGrace;

  @Option(names = "--build-every", defaultValue = "25",
      description = "Seal the WAL in the background after this many commits (0: only before each"
          + " window's maintenance). Default: ${DEFAULT-VALUE}.")
  int buildEvery;

  @Option(names = "--read-pause-ms", defaultValue = "20",
      description = "Pause between Strong reads. Default: ${DEFAULT-VALUE}.")
  long readPauseMillis;

  @Option(names = "--no-maintain",
      description = "Skip sealing and maintenance: the baseline without them.")
  boolean noMaintain;

  @Option(names = "--out", defaultValue = "bench-out", description = "Output folder (warehouse, CSV).")
  Path out;

  public static void main(String[] args) {
    System.exit(CollectionCommands.withUserErrors(new CommandLine(new MetadataBench())).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (commits < window || window < 1) {
      throw new IllegalArgumentException("--commits (" + commits + ") must be at least --window ("
          + window + "), and --window at least 1");
    }
    PrintStream log = System.out;
    Path home = Path.of(System.getProperty("vectorlake.home", ".")).toAbsolutePath().normalize();
    Path warehouseDir = out.toAbsolutePath().resolve("metadata-warehouse");
    RetentionPolicy policy =
        RetentionPolicy.DEFAULTS.withMaxAge(RetentionPolicy.parseDuration("--max-age", maxAge))
            .withOrphanGrace(RetentionPolicy.parseDuration("--orphan-grace", orphanGrace))
            .withRetiredGrace(RetentionPolicy.parseDuration("--retired-grace", retiredGrace));
    List<MetadataWindow> rows = new ArrayList<>();
    try (Warehouse warehouse = Warehouse.local(warehouseDir)) {
      warehouse.dropCollection(ID);
      Collection collection = warehouse.createCollection(ID, schema());
      // Stored with the collection, as an operator would set it: builds expire under it too.
      Maintenance.setPolicy(collection, policy);
      WalWriter writer = collection.walWriter();
      Random random = new Random(7);
      writer.commit(batch(random, 0)); // something to search before the first window
      LatencyWindow[] reads = {new LatencyWindow()};
      ExecutorService maintenance = Executors.newSingleThreadExecutor();
      try (ServerProcess server = ServerProcess.start(home, log, warehouseDir.toString());
          StrongReader reader = new StrongReader(server.uri(), ID.database(), ID.name(), dim,
              readPauseMillis, () -> reads[0]);
          BenchBuilder builder = new BenchBuilder(collection, noMaintain ? 0 : buildEvery, log)) {
        log.printf("%d commits of %d rows, windows of %d, maintenance %s, builds every %d commits,"
            + " time-travel window %s, orphan grace %s, retired grace %s%n", commits,
            rowsPerCommit, window, noMaintain ? "off" : "on", noMaintain ? 0 : buildEvery,
            policy.maxAge(), policy.orphanGrace(), policy.retiredGrace());
        log.println(MetadataWindow.HEADER);
        Future<Long> running = null;
        long key = rowsPerCommit;
        for (int w = 0; w < commits / window; w++) {
          LatencyWindow commitLatency = new LatencyWindow();
          for (int i = 0; i < window; i++) {
            WalBatch batch = batch(random, key);
            key += rowsPerCommit;
            long started = System.nanoTime();
            writer.commit(batch);
            commitLatency.add(System.nanoTime() - started);
            builder.committed();
          }
          reader.check();
          long maintainMillis = running == null ? -1 : running.get();
          MetadataWindow row = MetadataWindow.measure(w, (w + 1L) * window, commitLatency,
              reads[0], maintainMillis, collection);
          rows.add(row);
          log.println(row.line());
          reads[0] = new LatencyWindow();
          running = noMaintain ? null
              : maintenance.submit(() -> maintain(collection, policy, builder, log));
        }
        if (running != null) {
          running.get();
        }
      } finally {
        maintenance.shutdownNow();
      }
    }
    Files.createDirectories(out);
    Path csv = out.resolve("metadata-bench.csv");
    List<String> lines = new ArrayList<>(List.of(MetadataWindow.CSV_HEADER));
    rows.forEach(r -> lines.add(r.csv()));
    Files.write(csv, lines);
    log.println(MetadataWindow.verdict(rows.get(0), rows.get(rows.size() - 1)));
    log.println("CSV: " + csv);
    return 0;
  }

  /** Seals the WAL written so far and runs maintenance with compaction; returns its duration. */
  private long maintain(Collection collection, RetentionPolicy policy, BenchBuilder builder,
      PrintStream log) throws Exception {
    long started = System.nanoTime();
    if (buildEvery == 0) {
      builder.sealNow();
    }
    MaintenanceReport report = Maintenance.run(
        collection, MaintenanceOptions.defaults().withPolicy(policy).withCompaction(true));
    long millis = (System.nanoTime() - started) / 1_000_000;
    log.printf("      maintenance (%d ms): %s%n", millis, report.summary());
    return millis;
  }

  private CollectionSchema schema() {
    return CollectionSchema.builder()
        .field(FieldSchema.primaryKey("id", DataType.INT64))
        .field(FieldSchema.floatVector("vector", dim, MetricType.L2))
        .shards(2)
        .build();
  }

  private WalBatch batch(Random random, long firstKey) {
    WalBatch batch = new WalBatch();
    for (long key = firstKey; key < firstKey + rowsPerCommit; key++) {
      float[] vector = new float[dim];
      for (int i = 0; i < dim; i++) {
        vector[i] = random.nextFloat();
      }
      batch.insert(Map.of("id", key, "vector", vector));
    }
    return batch;
  }
}
