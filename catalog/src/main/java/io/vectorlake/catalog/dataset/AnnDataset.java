package io.vectorlake.catalog.dataset;

import io.vectorlake.catalog.schema.MetricType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * A vector set in the ANN benchmark layout (see {@code shared/data/README.md}): base vectors,
 * queries, and for each query the ids of its exact nearest neighbours, nearest first.
 */
public record AnnDataset(String name, List<float[]> base, List<float[]> queries, List<int[]> groundTruth) {

  /** Loads {@code base}, {@code query} and {@code groundtruth} files from a folder, gzipped or not. */
  public static AnnDataset load(Path folder) throws IOException {
    return new AnnDataset(
        folder.getFileName().toString(),
        VectorFiles.readFvecs(find(folder, "base.fvecs")),
        VectorFiles.readFvecs(find(folder, "query.fvecs")),
        VectorFiles.readIvecs(find(folder, "groundtruth.ivecs")));
  }

  private static Path find(Path folder, String name) throws IOException {
    for (String candidate : List.of(name, name + ".gz")) {
      Path path = folder.resolve(candidate);
      if (Files.exists(path)) {
        return path;
      }
    }
    throw new IOException("no " + name + "[.gz] in " + folder.toAbsolutePath());
  }

  public int dimension() {
    return base.get(0).length;
  }

  /**
   * The metric the set's ground truth was computed with, from ann-benchmarks' naming: a name
   * ending in {@code -angular} is COSINE, {@code -euclidean} L2, {@code -dot} IP; any other name
   * is an error asking for the metric.
   */
  public MetricType metric() {
    return metricOf(name);
  }

  /** {@link #metric()} of a set named {@code name}. */
  public static MetricType metricOf(String name) {
    if (name.endsWith("-angular")) {
      return MetricType.COSINE;
    }
    if (name.endsWith("-euclidean")) {
      return MetricType.L2;
    }
    if (name.endsWith("-dot")) {
      return MetricType.IP;
    }
    throw new IllegalArgumentException("vector set '" + name + "' does not say its metric: name"
        + " it as ann-benchmarks does (ending in -angular, -euclidean or -dot) or pass --metric");
  }

  /**
   * Recall@k of one query's result ids: the share of the first k ground-truth ids, skipping ids in
   * {@code removed} (rows deleted since the ground truth was computed), found among the first k
   * results.
   */
  public double recall(int query, long[] resultIds, int k, Set<Long> removed) {
    int[] truth = groundTruth.get(query);
    long[] expected = new long[k];
    int n = 0;
    for (int i = 0; i < truth.length && n < k; i++) {
      if (!removed.contains((long) truth[i])) {
        expected[n++] = truth[i];
      }
    }
    if (n < k) {
      throw new IllegalArgumentException(
          "query " + query + " has only " + n + " ground-truth ids left after removals; need " + k);
    }
    int hits = 0;
    for (int i = 0; i < Math.min(k, resultIds.length); i++) {
      for (long id : expected) {
        if (id == resultIds[i]) {
          hits++;
          break;
        }
      }
    }
    return hits / (double) k;
  }
}
