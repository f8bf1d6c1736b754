package io.vectorlake.indexbuilder.bench;

import io.github.jbellis.jvector.util.Bits;
import io.vectorlake.catalog.dataset.AnnDataset;
import io.vectorlake.catalog.index.BuiltIndex;
import io.vectorlake.catalog.index.Hit;
import io.vectorlake.catalog.index.IndexSpec;
import io.vectorlake.catalog.index.VectorIndex;
import io.vectorlake.catalog.index.VectorIndexWriter;
import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.segment.SegmentMetadata;
import io.vectorlake.catalog.segment.SegmentReader;
import io.vectorlake.catalog.segment.SegmentSet;
import io.vectorlake.catalog.view.ResolvedRow;
import io.vectorlake.catalog.wal.WalBatch;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import io.vectorlake.indexbuilder.BuildIndexes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * Measures index building on a shared vector set, side by side in one run: the Spark
 * {@link BuildIndexes} job (WAL read, resolution, Parquet segment, jvector index, catalog commit)
 * against a plain in-process jvector build of the same vectors with the same parameters and
 * threads, and recall@10 of the built segment at several search beam widths. Prints figures.
 */
public final class BuildBench {
  private BuildBench() {}

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args.length > 0 ? args[0] : "../shared/data/sift-5k-128-euclidean");
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
    AnnDataset set = AnnDataset.load(data);
    int n = set.base().size();
    int dim = set.dimension();
    System.out.printf("BuildBench on %s: %,d vectors of dim %d, %d threads, JDK %s%n",
        set.name(), n, dim, threads, Runtime.version());
    IndexSpec spec = IndexSpec.defaults(MetricType.L2);
    System.out.println("index: " + spec.toJson());

    Path scratch = Files.createTempDirectory("vectorlake-buildbench");
    float[] packed = new float[n * dim];
    for (int i = 0; i < n; i++) {
      System.arraycopy(set.base().get(i), 0, packed, i * dim, dim);
    }
    long started = System.nanoTime();
    Path rawDir = Files.createDirectories(scratch.resolve("raw"));
    BuiltIndex raw = VectorIndexWriter.build("v", packed, dim, n, spec, rawDir, threads);
    double rawSeconds = (System.nanoTime() - started) / 1e9;
    System.out.printf("raw jvector build (graph + PQ, in process): %.1f s%n", rawSeconds);

    Map<String, String> props = Map.of("warehouse", scratch.resolve("wh").toString());
    CollectionId id = CollectionId.parse("bench.vectors");
    try (Warehouse wh = Warehouse.open(props)) {
      Collection c = wh.createCollection(id, CollectionSchema.builder()
          .field(FieldSchema.primaryKey("id", DataType.INT64))
          .field(FieldSchema.floatVector("vector", dim, MetricType.L2))
          .build());
      for (int from = 0; from < n; from += 10_000) {
        WalBatch batch = new WalBatch();
        for (int i = from; i < Math.min(n, from + 10_000); i++) {
          batch.insert(Map.of("id", (long) i, "vector", set.base().get(i)));
        }
        c.walWriter().commit(batch);
      }
      double sparkSeconds;
      try (SparkSession spark = SparkSession.builder().master("local[" + threads + "]")
          .appName("BuildBench").config("spark.ui.enabled", "false").getOrCreate()) {
        started = System.nanoTime();
        new BuildIndexes(spark, props, id, new BuildIndexes.Options(n, threads, 1)).run();
        sparkSeconds = (System.nanoTime() - started) / 1e9;
      }
      System.out.printf("Spark BuildIndexes (local[%d], 1 segment): %.1f s, ratio to raw %.2fx%n",
          threads, sparkSeconds, sparkSeconds / rawSeconds);

      SegmentSet segments = c.segmentCatalog().current();
      SegmentMetadata segment = segments.liveRows().get(0);
      SegmentReader reader = new SegmentReader(c);
      List<ResolvedRow> keys = reader.rows(segment, List.of());
      try (VectorIndex index = reader.openIndex(segment, "vector", scratch.resolve("cache"), true);
          VectorIndex rawIndex = VectorIndex.open(rawDir, raw, true)) {
        System.out.println("ef    recall@10 (segment)  recall@10 (raw)  queries/s (segment, 1 thread)");
        int queries = Math.min(set.queries().size(), 1000);
        for (int ef : new int[] {16, 32, 64, 100, 200}) {
          double recall = 0;
          double rawRecall = 0;
          long t = System.nanoTime();
          for (int q = 0; q < queries; q++) {
            List<Hit> hits = index.search(set.queries().get(q), 10, ef, Bits.ALL);
            long[] ids = new long[hits.size()];
            for (int i = 0; i < ids.length; i++) {
              ids[i] = (Long) keys.get(hits.get(i).ordinal()).primaryKey();
            }
            recall += set.recall(q, ids, 10, Set.of());
          }
          double qps = queries / ((System.nanoTime() - t) / 1e9);
          for (int q = 0; q < queries; q++) {
            long[] ids = rawIndex.search(set.queries().get(q), 10, ef, Bits.ALL).stream()
                .mapToLong(Hit::ordinal).toArray();
            rawRecall += set.recall(q, ids, 10, Set.of());
          }
          System.out.printf("%-5d %-20.3f %-16.3f %.0f%n", ef, recall / queries, rawRecall / queries, qps);
        }
      }
    }
  }
}
