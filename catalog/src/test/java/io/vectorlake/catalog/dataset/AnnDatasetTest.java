package io.vectorlake.catalog.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vectorlake.catalog.schema.MetricType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnnDatasetTest {
  @TempDir Path dir;

  @Test
  void readsTheSharedSiftSetWithItsGroundTruth() throws IOException {
    AnnDataset sift = AnnDataset.load(Path.of("../../shared/data/sift-5k-128-euclidean"));
    assertEquals(5000, sift.base().size());
    assertEquals(100, sift.queries().size());
    assertEquals(128, sift.dimension());
    assertEquals(100, sift.groundTruth().get(0).length);
    // The first ground-truth id is the exact nearest neighbour: check it by brute force.
    float[] query = sift.queries().get(0);
    int nearest = -1;
    double best = Double.MAX_VALUE;
    for (int i = 0; i < sift.base().size(); i++) {
      double d = 0;
      float[] v = sift.base().get(i);
      for (int j = 0; j < v.length; j++) {
        d += (v[j] - query[j]) * (v[j] - query[j]);
      }
      if (d < best) {
        best = d;
        nearest = i;
      }
    }
    assertEquals(sift.groundTruth().get(0)[0], nearest);
  }

  @Test
  void readsPlainAndGzippedFilesAlike() throws IOException {
    byte[] bytes = fvecs(new float[] {1, 2}, new float[] {3.5f, -4});
    Files.write(dir.resolve("plain.fvecs"), bytes);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("z.fvecs.gz")))) {
      out.write(bytes);
    }
    for (String name : List.of("plain.fvecs", "z.fvecs.gz")) {
      List<float[]> read = VectorFiles.readFvecs(dir.resolve(name));
      assertEquals(2, read.size());
      assertArrayEquals(new float[] {3.5f, -4}, read.get(1));
    }
  }

  @Test
  void truncatedFileIsAnError() throws IOException {
    byte[] bytes = fvecs(new float[] {1, 2, 3});
    Files.write(dir.resolve("cut.fvecs"), java.util.Arrays.copyOf(bytes, bytes.length - 2));
    IOException e = assertThrows(IOException.class, () -> VectorFiles.readFvecs(dir.resolve("cut.fvecs")));
    assertEquals(dir.resolve("cut.fvecs") + ": truncated record of dimension 3", e.getMessage());
  }

  @Test
  void recallSkipsRemovedIds() {
    AnnDataset set = new AnnDataset("t", List.of(), List.of(), List.of(new int[] {5, 6, 7, 8}));
    assertEquals(0.5, set.recall(0, new long[] {5, 9}, 2, Set.of()));
    assertEquals(1.0, set.recall(0, new long[] {7, 6}, 2, Set.of(5L)));
  }

  /** The bench once searched an -angular set with L2 and reported recall 0.62 on every path. */
  @Test
  void metricFollowsAnnBenchmarksNaming() {
    assertEquals(MetricType.COSINE, AnnDataset.metricOf("glove-100-angular"));
    assertEquals(MetricType.L2, AnnDataset.metricOf("fashion-mnist-784-euclidean"));
    assertEquals(MetricType.IP, AnnDataset.metricOf("some-set-dot"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> AnnDataset.metricOf("vectors"));
    assertEquals("vector set 'vectors' does not say its metric: name it as ann-benchmarks does"
        + " (ending in -angular, -euclidean or -dot) or pass --metric", e.getMessage());
  }

  private static byte[] fvecs(float[]... vectors) {
    int size = 0;
    for (float[] v : vectors) {
      size += 4 + 4 * v.length;
    }
    ByteBuffer buffer = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] v : vectors) {
      buffer.putInt(v.length);
      for (float f : v) {
        buffer.putFloat(f);
      }
    }
    return buffer.array();
  }
}
