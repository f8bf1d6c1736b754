package io.vectorlake.catalog.index;

import io.github.jbellis.jvector.disk.ReaderSupplier;
import io.github.jbellis.jvector.disk.ReaderSupplierFactory;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.disk.OnDiskGraphIndex;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.graph.similarity.SearchScoreProvider;
import io.github.jbellis.jvector.quantization.PQVectors;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import io.vectorlake.catalog.schema.MetricType;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A loaded vector index of one segment field: the jvector graph memory-mapped from disk, PQ codes
 * (when built) in memory for approximate scoring, and the graph's inline full vectors to rerank
 * and to compute exact Milvus scores for the returned hits. Thread-safe.
 */
public final class VectorIndex implements Closeable {
  private static final VectorTypeSupport VECTORS =
      VectorizationProvider.getInstance().getVectorTypeSupport();

  private final ReaderSupplier graphReaders;
  private final OnDiskGraphIndex graph;
  private final PQVectors pq;
  private final MetricType metric;
  private final VectorSimilarityFunction similarity;
  private final ThreadLocal<GraphSearcher> searchers;

  private VectorIndex(ReaderSupplier graphReaders, OnDiskGraphIndex graph, PQVectors pq, MetricType metric) {
    this.graphReaders = graphReaders;
    this.graph = graph;
    this.pq = pq;
    this.metric = metric;
    this.similarity = VectorScores.jvectorFunction(metric);
    this.searchers = ThreadLocal.withInitial(() -> new GraphSearcher(graph));
  }

  /**
   * Opens the index files in {@code directory}, checking each against its recorded size (and CRC32
   * when {@code verifyChecksums}); a missing or damaged file is a {@link CorruptIndexException}
   * naming it.
   */
  public static VectorIndex open(Path directory, BuiltIndex built, boolean verifyChecksums)
      throws IOException {
    Path graphPath = check(directory, built.graph(), verifyChecksums);
    Path pqPath = built.pq() == null ? null : check(directory, built.pq(), verifyChecksums);
    ReaderSupplier readers = ReaderSupplierFactory.open(graphPath);
    try {
      OnDiskGraphIndex graph = OnDiskGraphIndex.load(readers);
      PQVectors pq = null;
      if (pqPath != null) {
        try (ReaderSupplier pqReaders = ReaderSupplierFactory.open(pqPath)) {
          pq = PQVectors.load(pqReaders.get());
        }
      }
      return new VectorIndex(readers, graph, pq, built.spec().metric());
    } catch (IOException | RuntimeException e) {
      readers.close();
      throw new CorruptIndexException("cannot load index " + graphPath + ": " + e.getMessage(), e);
    }
  }

  private static Path check(Path directory, IndexFile file, boolean verifyChecksum) throws IOException {
    Path path = directory.resolve(file.name());
    if (!Files.exists(path)) {
      throw new CorruptIndexException("index file " + path + " is missing");
    }
    long size = Files.size(path);
    if (size != file.size()) {
      throw new CorruptIndexException(
          "index file " + path + " is " + size + " bytes, expected " + file.size());
    }
    if (verifyChecksum && VectorIndexWriter.crc32(path) != file.crc32()) {
      throw new CorruptIndexException("index file " + path + " does not match its checksum");
    }
    return path;
  }

  public int size() {
    return graph.size(0);
  }

  /**
   * The {@code k} rows nearest to {@code query} among those {@code accepted}, best first, with
   * exact Milvus scores. {@code ef} is the search beam width (at least k).
   */
  public List<Hit> search(float[] query, int k, int ef, Bits accepted) {
    VectorFloat<?> q = VECTORS.createFloatVector(query);
    GraphSearcher searcher = searchers.get();
    OnDiskGraphIndex.View view = (OnDiskGraphIndex.View) searcher.getView();
    SearchScoreProvider scores =
        pq == null
            ? DefaultSearchScoreProvider.exact(q, similarity, view)
            : new DefaultSearchScoreProvider(
                pq.precomputedScoreFunctionFor(q, similarity), view.rerankerFor(q, similarity));
    SearchResult result = searcher.search(scores, k, Math.max(k, ef), 0f, 0f, accepted);
    List<Hit> hits = new ArrayList<>(result.getNodes().length);
    float[] vector = new float[query.length];
    for (SearchResult.NodeScore node : result.getNodes()) {
      VectorFloat<?> v = view.getVector(node.node);
      for (int i = 0; i < vector.length; i++) {
        vector[i] = v.get(i);
      }
      hits.add(new Hit(node.node, VectorScores.score(metric, query, vector)));
    }
    hits.sort((a, b) -> metric.largerIsCloser() ? Float.compare(b.score(), a.score())
        : Float.compare(a.score(), b.score()));
    return hits;
  }

  /**
   * A reader of the full vectors stored inline in the graph, by ordinal: the segment keeps no
   * copy of its own. One reader serves one thread; close it when done.
   */
  public InlineVectors inlineVectors() {
    return new InlineVectors(graph.getView());
  }

  /** Reads a segment's full vectors out of the memory-mapped graph. */
  public static final class InlineVectors implements Closeable {
    private final OnDiskGraphIndex.View view;

    private InlineVectors(OnDiskGraphIndex.View view) {
      this.view = view;
    }

    /** The vector at {@code ordinal}, copied into a new array. */
    public float[] get(int ordinal) {
      VectorFloat<?> v = view.getVector(ordinal);
      float[] out = new float[v.length()];
      for (int i = 0; i < out.length; i++) {
        out[i] = v.get(i);
      }
      return out;
    }

    @Override
    public void close() throws IOException {
      view.close();
    }
  }

  @Override
  public void close() throws IOException {
    graph.close();
    graphReaders.close();
  }
}
