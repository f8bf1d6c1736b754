package io.vectorlake.catalog.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jbellis.jvector.util.Bits;
import io.vectorlake.catalog.dataset.AnnDataset;
import io.vectorlake.catalog.schema.MetricType;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VectorIndexTest {
  private static AnnDataset sift;
  private static float[] packed;

  @TempDir Path dir;

  @BeforeAll
  static void loadSift() throws IOException {
    sift = AnnDataset.load(Path.of("../../shared/data/sift-5k-128-euclidean"));
    packed = new float[sift.base().size() * sift.dimension()];
    for (int i = 0; i < sift.base().size(); i++) {
      System.arraycopy(sift.base().get(i), 0, packed, i * sift.dimension(), sift.dimension());
    }
  }

  @Test
  void defaultIndexReachesRecallOnSift() throws IOException {
    IndexSpec spec = IndexSpec.defaults(MetricType.L2);
    BuiltIndex built =
        VectorIndexWriter.build("v", packed, sift.dimension(), sift.base().size(), spec, dir, 2);
    assertNotNull(built.pq(), "5,000 vectors are enough to train PQ");
    assertEquals(32, built.pqSubspaces());
    try (VectorIndex index = VectorIndex.open(dir, built, true)) {
      double recall = 0;
      for (int q = 0; q < sift.queries().size(); q++) {
        List<Hit> hits = index.search(sift.queries().get(q), 10, IndexSpec.DEFAULT_SEARCH_EF, Bits.ALL);
        assertEquals(10, hits.size());
        long[] ids = hits.stream().mapToLong(Hit::ordinal).toArray();
        recall += sift.recall(q, ids, 10, Set.of());
        float exact = VectorScores.score(MetricType.L2, sift.queries().get(q),
            sift.base().get(hits.get(0).ordinal()));
        assertEquals(exact, hits.get(0).score(), 1e-3f * Math.max(1, exact),
            "scores are exact squared L2 distances");
      }
      recall /= sift.queries().size();
      assertTrue(recall >= 0.95, "recall@10 " + recall);
    }
  }

  @Test
  void acceptedOrdinalsFilterResults() throws IOException {
    BuiltIndex built = VectorIndexWriter.build("v", packed, sift.dimension(), sift.base().size(),
        IndexSpec.fromMilvus("HNSW", MetricType.L2, Map.of("M", "8", "pq_m", "-1")), dir, 2);
    assertNull(built.pq());
    try (VectorIndex index = VectorIndex.open(dir, built, false)) {
      List<Hit> hits = index.search(sift.queries().get(0), 10, 64, ordinal -> ordinal % 2 == 0);
      assertEquals(10, hits.size());
      assertTrue(hits.stream().allMatch(h -> h.ordinal() % 2 == 0));
    }
  }

  @Test
  void flatBuildsNoIndex() throws IOException {
    assertNull(VectorIndexWriter.build("v", packed, sift.dimension(), 100,
        IndexSpec.fromMilvus("FLAT", MetricType.IP, Map.of()), dir, 1));
  }

  @Test
  void damagedFilesAreNamed() throws IOException {
    float[] small = new float[200 * 8];
    for (int i = 0; i < small.length; i++) {
      small[i] = (float) Math.sin(i);
    }
    BuiltIndex built = VectorIndexWriter.build("v", small, 8, 200, IndexSpec.defaults(MetricType.COSINE), dir, 1);
    Path graph = dir.resolve(built.graph().name());
    try (RandomAccessFile file = new RandomAccessFile(graph.toFile(), "rw")) {
      file.seek(file.length() / 2);
      int b = file.read();
      file.seek(file.length() / 2);
      file.write(b ^ 0xff);
    }
    CorruptIndexException checksum =
        assertThrows(CorruptIndexException.class, () -> VectorIndex.open(dir, built, true));
    assertTrue(checksum.getMessage().contains("does not match its checksum"), checksum.getMessage());

    Files.write(graph, new byte[10]);
    CorruptIndexException truncated =
        assertThrows(CorruptIndexException.class, () -> VectorIndex.open(dir, built, false));
    assertTrue(truncated.getMessage().contains("is 10 bytes, expected"), truncated.getMessage());

    Files.delete(graph);
    CorruptIndexException missing =
        assertThrows(CorruptIndexException.class, () -> VectorIndex.open(dir, built, false));
    assertTrue(missing.getMessage().endsWith("v.graph is missing"), missing.getMessage());
  }

  @Test
  void milvusParametersMapOntoTheSpec() {
    IndexSpec spec = IndexSpec.fromMilvus("hnsw", MetricType.IP,
        Map.of("M", "24", "efConstruction", "300", "alpha", "1.4"));
    assertEquals(IndexType.HNSW, spec.type());
    assertEquals(48, spec.maxDegree());
    assertEquals(300, spec.efConstruction());
    assertEquals(spec, IndexSpec.fromJson(spec.toJson()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> IndexSpec.fromMilvus("HNSW", MetricType.L2, Map.of("efConstrution", "10")));
    assertTrue(e.getMessage().contains("'efConstrution' is not supported"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> IndexSpec.fromMilvus("IVF_FLAT", MetricType.L2, Map.of()));
  }
}
