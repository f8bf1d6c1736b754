package io.vectorlake.catalog.dataset;

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
