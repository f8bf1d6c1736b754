package io.vectorlake.catalog.index;

import io.github.jbellis.jvector.disk.SimpleWriter;
import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.disk.OnDiskGraphIndex;
import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.quantization.PQVectors;
import io.github.jbellis.jvector.quantization.ProductQuantization;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds one vector field's index for a segment: a jvector graph written in jvector's on-disk
 * format with the full vectors inline (loadable memory-mapped; they rerank), and optionally PQ
 * codes in a second file for in-memory approximate scoring. Graph ordinals are the rows' positions
 * in the segment.
 */
public final class VectorIndexWriter {
  public static final String GRAPH_SUFFIX = ".graph";
  public static final String PQ_SUFFIX = ".pq";
  /** The jvector serialization version the PQ file is written with. */
  static final int PQ_FORMAT_VERSION = OnDiskGraphIndex.CURRENT_VERSION;

  private static final Logger LOG = LoggerFactory.getLogger(VectorIndexWriter.class);
  private static final VectorTypeSupport VECTORS =
      VectorizationProvider.getInstance().getVectorTypeSupport();

  private VectorIndexWriter() {}

  /**
   * Builds the index of {@code count} vectors of {@code dim} packed in {@code vectors} into
   * {@code directory}, using up to {@code threads} threads. FLAT specs build nothing and return
   * null.
   */
  public static BuiltIndex build(
      String field, float[] vectors, int dim, int count, IndexSpec spec, Path directory, int threads)
      throws IOException {
    if (!spec.type().buildsGraph() || count == 0) {
      return null;
    }
    RandomAccessVectorValues values = asVectorValues(vectors, dim, count);
    VectorSimilarityFunction similarity = VectorScores.jvectorFunction(spec.metric());
    ForkJoinPool pool = new ForkJoinPool(Math.max(1, threads));
    try {
      long started = System.nanoTime();
      Path graphFile = directory.resolve(field + GRAPH_SUFFIX);
      try (GraphIndexBuilder builder =
          new GraphIndexBuilder(
              BuildScoreProvider.randomAccessScoreProvider(values, similarity),
              dim, spec.maxDegree(), spec.efConstruction(), spec.neighborOverflow(), spec.alpha(),
              true, true, pool, pool)) {
        ImmutableGraphIndex graph = builder.build(values);
        writeReplacing(graphFile, tmp -> OnDiskGraphIndex.write(graph, values, tmp));
      }
      long buildMillis = (System.nanoTime() - started) / 1_000_000;

      IndexFile pqFile = null;
      int subspaces = spec.pqSubspacesFor(count, dim);
      long pqMillis = 0;
      if (subspaces > 0) {
        started = System.nanoTime();
        ProductQuantization pq =
            ProductQuantization.compute(values, subspaces, 256,
                similarity == VectorSimilarityFunction.EUCLIDEAN);
        PQVectors codes = PQVectors.encodeAndBuild(pq, count, values, pool);
        Path path = directory.resolve(field + PQ_SUFFIX);
        writeReplacing(path, tmp -> {
          try (SimpleWriter out = new SimpleWriter(tmp)) {
            codes.write(out, PQ_FORMAT_VERSION);
          }
        });
        pqFile = describe(path);
        pqMillis = (System.nanoTime() - started) / 1_000_000;
      }
      LOG.info("built {} index of {} vectors (dim {}) in {} ms{}", field, count, dim, buildMillis,
          subspaces > 0 ? ", PQ " + subspaces + " subspaces in " + pqMillis + " ms" : "");
      return new BuiltIndex(field, spec, describe(graphFile), pqFile, subspaces, buildMillis, pqMillis);
    } finally {
      pool.shutdown();
    }
  }

  static RandomAccessVectorValues asVectorValues(float[] vectors, int dim, int count) {
    List<VectorFloat<?>> list = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      float[] v = new float[dim];
      System.arraycopy(vectors, i * dim, v, 0, dim);
      list.add(VECTORS.createFloatVector(v));
    }
    return new ListRandomAccessVectorValues(list, dim);
  }

  private interface FileBody {
    void write(Path path) throws IOException;
  }

  /** jvector's writers do not truncate an existing file: write aside, then move into place. */
  private static void writeReplacing(Path target, FileBody body) throws IOException {
    Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
    try {
      Files.delete(tmp);
      body.write(tmp);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Name, size and CRC32 of a finished file. */
  public static IndexFile describe(Path path) throws IOException {
    return new IndexFile(path.getFileName().toString(), Files.size(path), crc32(path));
  }

  /** The CRC32 of a whole file, as recorded in {@link IndexFile#crc32()}. */
  public static long crc32(Path path) throws IOException {
    CRC32 crc = new CRC32();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(path)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        crc.update(buffer, 0, n);
      }
    }
    return crc.getValue();
  }
}
