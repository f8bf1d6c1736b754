package io.vectorlake.serving.search;

import io.vectorlake.catalog.expr.FilterBits;
import io.vectorlake.catalog.expr.FilterExpression;
import io.vectorlake.catalog.index.CorruptIndexException;
import io.vectorlake.catalog.index.Hit;
import io.vectorlake.catalog.index.IndexSpec;
import io.vectorlake.catalog.index.VectorIndex;
import io.vectorlake.catalog.index.VectorScores;
import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.segment.SegmentMetadata;
import io.vectorlake.catalog.segment.SegmentReader;
import io.vectorlake.catalog.view.ResolvedRow;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sealed segment loaded for search: its rows packed column by column ({@link SealedRows}: no
 * object per row; filters are evaluated on the columns), one memory-mapped jvector index per
 * vector field (PQ codes in memory, full vectors inline in the graph, read from there for exact
 * scans and output), and the ordinals still live. A field whose index is missing or damaged is
 * searched exactly over its vectors, packed in one array. The live bitset changes only by {@link
 * #withLive}, which makes a new view; the loaded parts are shared by the views and reference
 * counted: the loader holds one reference (dropped by {@link #close}), each request searching a
 * snapshot one more ({@link #retain}, {@link #release}), and the indexes are closed when the last
 * is dropped.
 */
public final class SealedSegment implements SegmentSearcher, Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(SealedSegment.class);
  /** Accepted rows at or under which a segment is scanned exactly instead of graph-searched. */
  static final int EXACT_SEARCH_ROWS = 512;

  /** Whether a segment row, given by its key and WAL place, is in the collection a plan reads. */
  @FunctionalInterface
  public interface Visibility {
    boolean isVisible(Object primaryKey, String partition, long position, long offset);
  }

  private final SegmentMetadata metadata;
  private final SealedRows rows;
  private final Map<String, VectorIndex> indexes;
  private final Map<String, float[]> packedVectors; // vector fields without an open index
  private final References references;
  private final BitSet live;
  private final int liveCount;

  private SealedSegment(SegmentMetadata metadata, SealedRows rows, Map<String, VectorIndex> indexes,
      Map<String, float[]> packedVectors, References references, BitSet live) {
    this.metadata = metadata;
    this.rows = rows;
    this.indexes = indexes;
    this.packedVectors = packedVectors;
    this.references = references;
    this.live = live;
    this.liveCount = live.cardinality();
  }

  /**
   * Loads a segment: its indexes first, then its scalar columns (the vectors of an indexed field
   * are not read: the graph holds them), and the vectors of any field whose index would not open.
   */
  public static SealedSegment load(SegmentReader reader, CollectionSchema schema,
      SegmentMetadata segment, Path cache, Visibility visible) throws IOException {
    Map<String, VectorIndex> indexes = new HashMap<>();
    try {
      for (FieldSchema field : schema.vectorFields()) {
        try {
          VectorIndex index = reader.openIndex(segment, field.name(), cache, false);
          if (index != null) {
            indexes.put(field.name(), index);
          }
        } catch (CorruptIndexException e) {
          LOG.warn("segment {}: {}; searching field {} exactly", segment.id(), e.getMessage(),
              field.name());
        }
      }
      List<String> scalars = new ArrayList<>();
      schema.fields().stream().filter(f -> !f.type().isVector() && !f.primaryKey())
          .forEach(f -> scalars.add(f.name())); // the key is always read
      if (schema.enableDynamicField()) {
        scalars.add(CollectionSchema.DYNAMIC_FIELD);
      }
      SealedRows rows = SealedRows.of(schema, segment.partition(), reader.rows(segment, scalars));
      Map<String, float[]> packed = new HashMap<>();
      for (FieldSchema field : schema.vectorFields()) {
        if (!indexes.containsKey(field.name())) {
          packed.put(field.name(), reader.vectors(segment, field.name()));
        }
      }
      return new SealedSegment(segment, rows, Map.copyOf(indexes), Map.copyOf(packed),
          new References(), liveOf(rows, visible));
    } catch (IOException | RuntimeException e) {
      closeIndexes(segment, indexes);
      throw e;
    }
  }

  public SegmentMetadata metadata() {
    return metadata;
  }

  /**
   * Whether this loaded segment is the one {@code segment} describes, so a reload may keep it:
   * segments are immutable, but an index may be built for one after it was sealed.
   */
  public boolean isLoadOf(SegmentMetadata segment) {
    boolean everyIndexOpen = segment.indexes().stream()
        .allMatch(index -> indexes.containsKey(index.field()));
    // A field searched exactly because its index would not open is loaded again: the index may
    // open now (a damaged cached copy is fetched again).
    return metadata.id().equals(segment.id()) && metadata.rows().equals(segment.rows())
        && metadata.indexes().equals(segment.indexes()) && everyIndexOpen;
  }

  /**
   * The same loaded parts under a newer read plan, without reading anything again: a view with
   * the ordinals {@code visible} keeps and a loader reference of its own (closed with {@link
   * #close}); null if the parts were closed already.
   */
  public SealedSegment reloaded(Visibility visible) {
    BitSet live = liveOf(rows, visible); // before the reference: it must not leak if this throws
    if (!references.retain()) {
      return null;
    }
    return new SealedSegment(metadata, rows, indexes, packedVectors, references, live);
  }

  private static BitSet liveOf(SealedRows rows, Visibility visible) {
    BitSet live = new BitSet(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      if (visible.isVisible(rows.primaryKey(i), rows.partition(), rows.position(i),
          rows.offset(i))) {
        live.set(i);
      }
    }
    return live;
  }

  /** The same loaded segment with another live set. */
  public SealedSegment withLive(BitSet newLive) {
    return new SealedSegment(metadata, rows, indexes, packedVectors, references, newLive);
  }

  /** The ordinal holding {@code key}, live or not, or -1. */
  public int find(Object key) {
    return rows.find(key);
  }

  /**
   * Takes a reference for a request; false when the segment is already closed (the caller then
   * answers from a newer snapshot).
   */
  @Override
  public boolean retain() {
    return references.retain();
  }

  /** Drops a reference taken by {@link #retain}; the last one closes the indexes. */
  @Override
  public void release() {
    if (references.release()) {
      closeIndexes(metadata, indexes);
    }
  }

  @Override
  public int rowCount() {
    return rows.size();
  }

  @Override
  public BitSet live() {
    return live;
  }

  @Override
  public long liveCount() {
    return liveCount;
  }

  @Override
  public ResolvedRow row(int ordinal) {
    return rows.row(ordinal, this::vector);
  }

  @Override
  public Object primaryKey(int ordinal) {
    return rows.primaryKey(ordinal);
  }

  @Override
  public String partition(int ordinal) {
    return rows.partition();
  }

  @Override
  public float[] vector(String field, int ordinal) {
    float[] packed = packedVectors.get(field);
    if (packed != null) {
      int dim = packed.length / rows.size();
      return java.util.Arrays.copyOfRange(packed, ordinal * dim, (ordinal + 1) * dim);
    }
    VectorIndex index = indexes.get(field);
    if (index == null) {
      return null;
    }
    try (VectorIndex.InlineVectors vectors = index.inlineVectors()) {
      return vectors.get(ordinal);
    } catch (IOException e) {
      throw new UncheckedIOException("reading a vector of segment " + metadata.id(), e);
    }
  }

  @Override
  public BitSet matching(FilterExpression expression) {
    FilterBits bits = expression.evaluate(rows.columns());
    BitSet out = new BitSet(rows.size());
    for (int i = 0; i < bits.size(); i++) {
      if (bits.get(i)) {
        out.set(i);
      }
    }
    return out;
  }

  @Override
  public TopK[] search(VectorSearch search, BitSet accepted, int segmentIndex, ForkJoinPool pool) {
    BitSet allowed = accepted == null ? live : accepted;
    TopK[] result = new TopK[search.nq()];
    if (!references.isOpen()) {
      throw new IllegalStateException("segment " + metadata.id() + " was searched after it was"
          + " closed; searches must hold a snapshot lease");
    }
    VectorIndex index = indexes.get(search.field());
    boolean useIndex = index != null && metadata.index(search.field()) != null
        && metadata.index(search.field()).spec().metric() == search.metric();
    // A filter that keeps few rows: scanning them is cheaper and exact, where a graph search
    // would wander through rejected nodes.
    int acceptedRows = allowed.cardinality();
    boolean selective = acceptedRows <= Math.max(EXACT_SEARCH_ROWS, rows.size() / 100);
    for (int q = 0; q < search.nq(); q++) {
      TopK top = new TopK(search.k());
      float[] query = search.queries()[q];
      if (acceptedRows == 0) {
        result[q] = top;
        continue;
      }
      if (useIndex && !selective) {
        int ef = Math.max(search.k(), search.ef() > 0 ? search.ef() : IndexSpec.DEFAULT_SEARCH_EF);
        for (Hit hit : index.search(query, search.k(), ef, allowed::get)) {
          top.offer(ScoreConvention.toRanked(search.metric(), hit.score()),
              TopK.ref(segmentIndex, hit.ordinal()));
        }
      } else {
        scanExactly(search.field(), search.metric(), query, allowed, top, segmentIndex);
      }
      result[q] = top;
    }
    return result;
  }

  /** Scores every allowed row exactly, reading its vector where it is kept. */
  private void scanExactly(String field, MetricType metric, float[] query, BitSet allowed, TopK top,
      int segmentIndex) {
    float[] packed = packedVectors.get(field);
    if (packed != null) {
      int dim = query.length;
      float[] vector = new float[dim];
      for (int i = allowed.nextSetBit(0); i >= 0; i = allowed.nextSetBit(i + 1)) {
        System.arraycopy(packed, i * dim, vector, 0, dim);
        top.offer(ScoreConvention.toRanked(metric, VectorScores.score(metric, query, vector)),
            TopK.ref(segmentIndex, i));
      }
      return;
    }
    try (VectorIndex.InlineVectors vectors = indexes.get(field).inlineVectors()) {
      for (int i = allowed.nextSetBit(0); i >= 0; i = allowed.nextSetBit(i + 1)) {
        float score = VectorScores.score(metric, query, vectors.get(i));
        top.offer(ScoreConvention.toRanked(metric, score), TopK.ref(segmentIndex, i));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the vectors of segment " + metadata.id(), e);
    }
  }

  /** Drops the loader's reference: the indexes close now, or when the last request is done. */
  @Override
  public void close() {
    release();
  }

  private static void closeIndexes(SegmentMetadata segment, Map<String, VectorIndex> indexes) {
    for (VectorIndex index : indexes.values()) {
      try {
        index.close();
      } catch (IOException | RuntimeException e) {
        LOG.warn("closing an index of segment {}: {}", segment.id(), e.toString());
      }
    }
  }

  /** The count of holders of a segment's loaded parts, shared by all its views. */
  private static final class References {
    private final AtomicInteger count = new AtomicInteger(1);

    boolean retain() {
      while (true) {
        int now = count.get();
        if (now <= 0) {
          return false;
        }
        if (count.compareAndSet(now, now + 1)) {
          return true;
        }
      }
    }

    /** True when this dropped the last reference. */
    boolean release() {
      int left = count.decrementAndGet();
      if (left < 0) {
        throw new IllegalStateException("a segment reference was released twice");
      }
      return left == 0;
    }

    boolean isOpen() {
      return count.get() > 0;
    }
  }
}
