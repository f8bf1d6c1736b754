package io.vectorlake.examples;

import io.vectorlake.catalog.cli.CollectionCommands;
import io.vectorlake.catalog.cli.WarehouseOptions;
import io.vectorlake.catalog.dataset.AnnDataset;
import io.vectorlake.catalog.expr.FilterExpression;
import io.vectorlake.catalog.search.SearchHit;
import io.vectorlake.catalog.search.SnapshotSearcher;
import io.vectorlake.catalog.segment.SegmentSet;
import io.vectorlake.catalog.view.CollectionView;
import io.vectorlake.catalog.view.ReadPlan;
import io.vectorlake.catalog.wal.WalBatch;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bin/vectorlake quickstart}: the whole pipeline on the embedded warehouse. A Flink job
 * streams a real vector set into a collection, the Spark builder seals it into indexed segments
 * (each in its own JVM, as in production), and the collection is searched, filtered, queried and
 * changed, printing each step.
 */
@Command(
    name = "quickstart",
    mixinStandardHelpOptions = true,
    description = "Stream a vector set in with Flink, build its indexes with Spark, then search,"
        + " filter, query and delete, printing each step.")
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
      out.printf("[1/5] %s %s%n", existed ? "dropped the previous run's" : "no previous", id);
    }

    out.println("[2/5] a Flink job streams the vectors into the collection's WAL (exactly once):");
    long started = System.nanoTime();
    ChildCommand.run(home, out, "ingest", "--warehouse", location, "--collection", collection,
        "--create", "--data", dataDir.toString());
    out.printf("      done in %.1f s%n", (System.nanoTime() - started) / 1e9);

    out.println("[3/5] the Spark index builder seals the WAL into indexed segments:");
    started = System.nanoTime();
    ChildCommand.run(home, out, "build", "--warehouse", location, "--collection", collection,
        "--master", "local[2]", "--target-rows", "2000");
    out.printf("      done in %.1f s%n", (System.nanoTime() - started) / 1e9);

    try (Warehouse wh = warehouse.open()) {
      Collection c = wh.loadCollection(id);
      SegmentSet segments = c.segmentsAt(c.walPosition());
      out.printf("      %d segments, watermark %d%n", segments.liveRows().size(), segments.watermark());
      search(c, set, Set.of(), "[4/5]");

      WalBatch deletes = new WalBatch();
      Set<Long> deleted = new HashSet<>();
      for (int q = 0; q < 5; q++) {
        long nearest = set.groundTruth().get(q)[0];
        deletes.delete(nearest);
        deleted.add(nearest);
      }
      c.walWriter().commit(deletes);
      out.printf("[5/5] deleted the nearest neighbour of queries 0-4 %s; searching again:%n", deleted);
      search(c, set, deleted, "     ");
      try (SnapshotSearcher searcher = SnapshotSearcher.open(c, ReadPlan.of(c, c.walPosition()),
          "vector", Files.createTempDirectory("vectorlake-cache"))) {
        for (int q = 0; q < 5; q++) {
          boolean gone = searcher.search(set.queries().get(q), K, 0, null).stream()
              .noneMatch(h -> deleted.contains((Long) h.primaryKey()));
          out.printf("      query %d: deleted id %d %s%n", q, set.groundTruth().get(q)[0],
              gone ? "is gone from the results" : "IS STILL RETURNED");
        }
      }
    }
    out.println("Done. Look at it with: bin/vectorlake describe --collection " + id + " --count");
    return 0;
  }

  private void search(Collection c, AnnDataset set, Set<Long> removed, String step) throws Exception {
    try (SnapshotSearcher searcher = SnapshotSearcher.open(c, ReadPlan.of(c, c.walPosition()),
        "vector", Files.createTempDirectory("vectorlake-cache"))) {
      double recall = 0;
      long started = System.nanoTime();
      for (int q = 0; q < set.queries().size(); q++) {
        List<SearchHit> hits = searcher.search(set.queries().get(q), K, 0, null);
        recall += set.recall(q, hits.stream().mapToLong(h -> (Long) h.primaryKey()).toArray(), K, removed);
      }
      double millis = (System.nanoTime() - started) / 1e6 / set.queries().size();
      out.printf("%s searched %d queries (top %d, ef %d): recall@%d = %.3f, %.2f ms per query%n",
          step, set.queries().size(), K, 100, K, recall / set.queries().size(), millis);
      if (removed.isEmpty()) {
        List<SearchHit> first = searcher.search(set.queries().get(0), 5, 0, null);
        out.printf("      query 0, top 5: %s%n", Arrays.toString(first.stream()
            .map(h -> h.primaryKey() + " (" + Math.round(h.score()) + ")").toArray()));
        FilterExpression filter = FilterExpression.parse("category == 3", c.schema());
        List<SearchHit> filtered = searcher.search(set.queries().get(0), 5, 0, filter);
        out.printf("      query 0 with filter 'category == 3', top 5 ids: %s%n",
            Arrays.toString(filtered.stream().map(SearchHit::primaryKey).toArray()));
        FilterExpression range = FilterExpression.parse("id < 100 and category in [1, 2]", c.schema());
        long count = CollectionView.latest(c).rows().values().stream()
            .filter(r -> range.matches(r.row())).count();
        out.printf("      query 'id < 100 and category in [1, 2]': %d rows%n", count);
      }
    }
  }
}
