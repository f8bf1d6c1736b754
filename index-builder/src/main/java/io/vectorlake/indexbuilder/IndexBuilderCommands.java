package io.vectorlake.indexbuilder;

import io.vectorlake.catalog.cli.CollectionCommands;
import io.vectorlake.catalog.cli.MaintainCommand;
import io.vectorlake.catalog.cli.WarehouseOptions;
import io.vectorlake.catalog.segment.Cleanup;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bin/vectorlake build|compact|cleanup|maintain}: the index builder's jobs. Under spark-submit they
 * use the cluster the session is given; run directly they start Spark {@code local[*]}.
 */
@Command(
    name = "vectorlake",
    mixinStandardHelpOptions = true,
    description = "Seal, index, compact and clean up a collection's segments with Spark.",
    subcommands = {
      IndexBuilderCommands.Build.class,
      IndexBuilderCommands.CompactCommand.class,
      IndexBuilderCommands.CleanupCommand.class,
      IndexBuilderCommands.SparkMaintain.class
    })
public final class IndexBuilderCommands {

  public static void main(String[] args) {
    System.exit(CollectionCommands.withUserErrors(new CommandLine(new IndexBuilderCommands()))
        .execute(args));
  }

  /** Options shared by the Spark jobs. */
  static final class SparkOptions {
    @Option(names = "--master", paramLabel = "URL",
        description = "Spark master when not run by spark-submit. Default: local[*].")
    String master;

    @Option(names = "--threads", paramLabel = "N",
        description = "jvector build threads per Spark task. Default: the machine's cores.")
    Integer threads;

    SparkSession session(String app) {
      SparkSession.Builder builder = SparkSession.builder().appName(app);
      if (System.getProperty("spark.master") == null) {
        builder.master(master == null ? "local[*]" : master).config("spark.ui.enabled", "false");
      } else if (master != null) {
        builder.master(master);
      }
      return builder.getOrCreate();
    }

    int threads() {
      return threads == null ? Math.max(1, Runtime.getRuntime().availableProcessors()) : threads;
    }
  }

  @Command(name = "build", mixinStandardHelpOptions = true,
      description = "Seal the WAL since the last build into indexed segments (one Spark job).")
  static final class Build implements Callable<Integer> {
    @Mixin WarehouseOptions warehouse;
    @Mixin SparkOptions spark;
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--collection", required = true, paramLabel = "DB.NAME")
    String collection;

    @Option(names = "--target-rows", defaultValue = "1000000",
        description = "Rows per segment at most (segments are also cut at 1 GiB of row data, as"
            + " Milvus seals them). Default: ${DEFAULT-VALUE}.")
    int targetRows;

    @Override
    public Integer call() throws Exception {
      try (SparkSession session = spark.session("vectorlake build " + collection)) {
        BuildIndexes.Result result = new BuildIndexes(session, warehouse.properties(),
            CollectionId.parse(collection),
            new BuildIndexes.Options(targetRows, spark.threads(), 3)).run();
        spec.commandLine().getOut().printf(
            "built %s: %d new segments, %d rows sealed, watermark %d, %d ms%n", collection,
            result.newSegments(), result.sealedRows(), result.watermark(), result.millis());
      }
      return 0;
    }
  }

  @Command(name = "compact", mixinStandardHelpOptions = true,
      description = "Rewrite segments with many deleted rows and merge small ones (one Spark job).")
  static final class CompactCommand implements Callable<Integer> {
    @Mixin WarehouseOptions warehouse;
    @Mixin SparkOptions spark;
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--collection", required = true, paramLabel = "DB.NAME")
    String collection;

    @Option(names = "--max-dead", defaultValue = "0.2",
        description = "Rewrite a segment when more than this share of its rows is dead."
            + " Default: ${DEFAULT-VALUE}.")
    double maxDead;

    @Option(names = "--small-rows", defaultValue = "10000",
        description = "Merge segments smaller than this. Default: ${DEFAULT-VALUE}.")
    long smallRows;

    @Option(names = "--full", description = "Rewrite every segment (and retire all tombstones).")
    boolean full;

    @Option(names = "--target-rows", defaultValue = "1000000",
        description = "Rows per segment at most (segments are also cut at 1 GiB of row data, as"
            + " Milvus seals them). Default: ${DEFAULT-VALUE}.")
    int targetRows;

    @Override
    public Integer call() throws Exception {
      try (SparkSession session = spark.session("vectorlake compact " + collection)) {
        Compact.Result r = new Compact(session, warehouse.properties(), CollectionId.parse(collection),
            new Compact.Options(maxDead, smallRows, full, targetRows, spark.threads(), 3)).run();
        spec.commandLine().getOut().printf(
            "compacted %s: %d segments rewritten into %d, %d dropped, %d tombstone segments retired%n",
            collection, r.rewritten(), r.written(), r.dropped(), r.retiredTombstones());
      }
      return 0;
    }
  }

  @Command(name = "cleanup", mixinStandardHelpOptions = true,
      description = "Remove retired segments and orphan files older than a grace period.")
  static final class CleanupCommand implements Callable<Integer> {
    @Mixin WarehouseOptions warehouse;
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--collection", required = true, paramLabel = "DB.NAME")
    String collection;

    @Option(names = "--grace-minutes", defaultValue = "60",
        description = "Keep what changed more recently than this. Default: ${DEFAULT-VALUE}.")
    long graceMinutes;

    @Override
    public Integer call() {
      try (Warehouse wh = warehouse.open()) {
        Cleanup.Result r = Cleanup.run(wh.loadCollection(CollectionId.parse(collection)),
            graceMinutes * 60_000);
        spec.commandLine().getOut().printf("cleaned %s: %d segments retired, %d files deleted%n",
            collection, r.retiredSegments(), r.deletedFiles());
      }
      return 0;
    }
  }

  /** {@code maintain}, with compaction as a Spark job (so it also runs through spark-submit). */
  @Command(name = "maintain", mixinStandardHelpOptions = true,
      description = "Expire old snapshots, drop sealed WAL files, delete orphan files (and compact"
          + " with --compact, as a Spark job) under each collection's retention policy. Safe"
          + " while ingestion, builds and serving run.")
  static final class SparkMaintain extends MaintainCommand {
    @Mixin SparkOptions spark;

    @Override
    protected String compact(Warehouse wh, Collection c) throws Exception {
      try (SparkSession session = spark.session("vectorlake compact " + c.id())) {
        Compact.Result r = new Compact(session, warehouse.properties(), c.id(),
            new Compact.Options(0.2, 10_000, false, 1_000_000, spark.threads(), 3)).run();
        return String.format("%d segments rewritten into %d, %d dropped, %d tombstone segments"
            + " retired", r.rewritten(), r.written(), r.dropped(), r.retiredTombstones());
      }
    }
  }
}
