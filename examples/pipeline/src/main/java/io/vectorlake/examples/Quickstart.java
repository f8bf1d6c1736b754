package io.vectorlake.examples;

import io.vectorlake.catalog.cli.CollectionCommands;
import io.vectorlake.catalog.cli.WarehouseOptions;
import io.vectorlake.catalog.dataset.AnnDataset;
import io.vectorlake.catalog.segment.SegmentSet;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bin/vectorlake quickstart}: the whole pipeline on the embedded warehouse. A Flink job
 * streams a real vector set into a collection, the Spark builder seals it into indexed segments,
 * and the serving tier answers the Milvus Java SDK's searches, filtered searches, queries and
 * deletes; each tier runs in its own JVM, as in production, and each step prints what it did.
 */
@Command(
    name = "quickstart",
    mixinStandardHelpOptions = true,
    description = "Stream a vector set in with Flink, build its indexes with Spark, serve it, and"
        + " search, filter, query and delete through the Milvus SDK, printing each step.")
public final class Quickstart implements Callable<Integer> {
  private static final int K = 10;

  @Mixin WarehouseOptions warehouse;

  @Option(names = "--data", paramLabel = "DIR",
      description = "A vector set in the ANN benchmark layout. Default: ../shared/data/sift-5k-128-euclidean"
          + " beside the Vectorlake checkout.")
  Path data;

  @Option(names = "--collection", defaultValue = "default.quickstart",
      description = "The collection to (re)create. Default: ${DEFAULT-VALUE}.")
  String collection;

  private final PrintStream out = System.out;

  public static void main(String[] args) {
    System.exit(CollectionCommands.withUserErrors(new CommandLine(new Quickstart())).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path dataDir = data != null ? data : Examples.sharedData("sift-5k-128-euclidean");
    AnnDataset set = AnnDataset.load(dataDir);
    Path home = ChildCommand.home();
    String location = Path.of(warehouse.properties().get("warehouse")).toAbsolutePath().normalize()
        .toString();
    out.printf("Vectorlake quickstart on %s (%,d vectors of dim %d, %d queries), warehouse %s%n",
        set.name(), set.base().size(), set.dimension(), set.queries().size(), location);
    CollectionId id = CollectionId.parse(collection);
    try (Warehouse wh = warehouse.open()) {
      boolean existed = wh.dropCollection(id);
      out.printf("[1/6] %s %s%n", existed ? "dropped the previous run's" : "no previous", id);
    }

    out.println("[2/6] a Flink job streams the vectors into the collection's WAL (exactly once):");
    long started = System.nanoTime();
    ChildCommand.run(home, out, "ingest", "--warehouse", location, "--collection", collection,
        "--create", "--data", dataDir.toString());
    out.printf("      done in %.1f s%n", (System.nanoTime() - started) / 1e9);

    out.println("[3/6] the Spark index builder seals the WAL into indexed segments:");
    started = System.nanoTime();
    ChildCommand.run(home, out, "build", "--warehouse", location, "--collection", collection,
        "--master", "local[2]", "--target-rows", "2000");
    out.printf("      done in %.1f s%n", (System.nanoTime() - started) / 1e9);

    try (Warehouse wh = warehouse.open()) {
      Collection c = wh.loadCollection(id);
      SegmentSet segments = c.segmentsAt(c.walPosition());
      out.printf("      %d segments, watermark %d%n", segments.liveRows().size(), segments.watermark());
    }

    out.println("[4/6] the serving tier starts (bin/vectorlake serve); the Milvus Java SDK searches:");
    try (ServerProcess server = ServerProcess.start(home, out, location);
        MilvusSteps milvus = new MilvusSteps(server.uri(), id.database(), id.name(), out)) {
      milvus.searchAll(set, Set.of());
      milvus.showExamples(set);
      Set<Long> deleted = milvus.deleteNearest(set);
      out.printf("[5/6] deleted the nearest neighbour of queries 0-4 through the SDK: %s%n", deleted);
      milvus.showGone(set, deleted);
      milvus.searchAll(set, deleted);
      out.println("[6/6] stopping the server (SIGTERM)");
    }
    out.println("Done. Look at it with: bin/vectorlake describe --collection " + id + " --count");
    return 0;
  }
}
