package io.vectorlake.examples;

import io.vectorlake.catalog.cli.CollectionCommands;
import io.vectorlake.catalog.cli.WarehouseOptions;
import io.vectorlake.catalog.dataset.AnnDataset;
import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.view.CollectionView;
import io.vectorlake.catalog.view.ResolvedRow;
import io.vectorlake.catalog.wal.WalBatch;
import io.vectorlake.catalog.wal.WalWriter;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bin/vectorlake quickstart}: the main job on the embedded warehouse. This stage of the
 * project shows the lake format end to end: a collection of a real vector set is written to its
 * WAL, changed by upserts and deletes, resolved, and searched exactly against the ground truth.
 */
@Command(
    name = "quickstart",
    mixinStandardHelpOptions = true,
    description = "Load a real vector set into a collection on the embedded warehouse, change it,"
        + " resolve it and search it exactly, printing each step.")
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

  @Option(names = "--batch", defaultValue = "1000", description = "Rows per WAL commit.")
  int batchSize;

  private final PrintStream out = System.out;

  public static void main(String[] args) {
    System.exit(CollectionCommands.withUserErrors(new CommandLine(new Quickstart())).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path dataDir = data != null ? data : Examples.sharedData("sift-5k-128-euclidean");
    AnnDataset set = AnnDataset.load(dataDir);
    out.printf("Vectorlake quickstart on %s (%d vectors of dim %d, %d queries)%n",
        set.name(), set.base().size(), set.dimension(), set.queries().size());
    try (Warehouse wh = warehouse.open()) {
      CollectionId id = CollectionId.parse(collection);
      boolean existed = wh.dropCollection(id);
      Collection c = wh.createCollection(id, schema(set.dimension()));
      out.printf("[1/5] created %s%s: id INT64, vector FLOAT_VECTOR(%d, L2), category INT32, 2 shards%n",
          id, existed ? " (dropped the previous run's)" : "", set.dimension());

      long started = System.nanoTime();
      WalWriter writer = c.walWriter();
      int commits = 0;
      for (int from = 0; from < set.base().size(); from += batchSize) {
        WalBatch batch = new WalBatch();
        for (int i = from; i < Math.min(from + batchSize, set.base().size()); i++) {
          batch.insert(Map.of("id", (long) i, "vector", set.base().get(i), "category", i % 10));
        }
        writer.commit(batch);
        commits++;
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      out.printf("[2/5] inserted %d rows in %d WAL commits: %.0f rows/s%n",
          set.base().size(), commits, set.base().size() / seconds);

      WalBatch changes = new WalBatch();
      for (int i = 0; i < 100; i++) {
        changes.upsert(Map.of("id", (long) i, "vector", set.base().get(i), "category", 99));
      }
      Set<Long> deleted = new HashSet<>();
      for (long i = 100; i < 5000 && deleted.size() < 50; i += 97) {
        changes.delete(i);
        deleted.add(i);
      }
      long position = writer.commit(changes).position();
      out.printf("[3/5] one commit of 100 upserts and %d deletes: WAL position %d%n",
          deleted.size(), position);

      CollectionView view = CollectionView.at(c, position);
      long category99 = view.rows().values().stream()
          .filter(r -> Integer.valueOf(99).equals(r.row().get("category"))).count();
      out.printf("[4/5] resolved view at position %d: %d rows (%d inserted - %d deleted), %d with"
              + " the upserted category%n",
          view.position(), view.size(), set.base().size(), deleted.size(), category99);

      List<ResolvedRow> rows = new ArrayList<>(view.rows().values());
      double recall = 0;
      for (int q = 0; q < set.queries().size(); q++) {
        long[] ids = ExactSearch.topK(rows, "vector", set.queries().get(q), K);
        recall += set.recall(q, ids, K, deleted);
      }
      recall /= set.queries().size();
      out.printf("[5/5] exact search of %d queries over the view: recall@%d = %.3f against the"
              + " ground truth without the deleted ids%n",
          set.queries().size(), K, recall);
      long[] first = ExactSearch.topK(rows, "vector", set.queries().get(0), 5);
      out.printf("      query 0, top 5 ids: %s%n", java.util.Arrays.toString(first));
      out.println("Done. Inspect it with: bin/vectorlake describe --collection " + id + " --count");
    }
    return 0;
  }

  private static CollectionSchema schema(int dim) {
    return CollectionSchema.builder()
        .field(FieldSchema.primaryKey("id", DataType.INT64))
        .field(FieldSchema.floatVector("vector", dim, MetricType.L2))
        .field(FieldSchema.builder("category", DataType.INT32))
        .shards(2)
        .description("the quickstart's copy of a shared vector set")
        .build();
  }
}
