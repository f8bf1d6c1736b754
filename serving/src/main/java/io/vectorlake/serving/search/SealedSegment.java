package io.vectorlake.serving.search;

import io.vectorlake.catalog.expr.ColumnBatch;
import io.vectorlake.catalog.expr.FilterBits;
import io.vectorlake.catalog.expr.FilterExpression;
import io.vectorlake.catalog.index.CorruptIndexException;
import io.vectorlake.catalog.index.Hit;
import io.vectorlake.catalog.index.IndexSpec;
import io.vectorlake.catalog.index.VectorIndex;
import io.vectorlake.catalog.index.VectorScores;
import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.Row;
import io.vectorlake.catalog.segment.SegmentMetadata;
import io.vectorlake.catalog.segment.SegmentReader;
import io.vectorlake.catalog.view.ResolvedRow;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Predicate;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sealed segment loaded for search: its rows (for filters and output fields, evaluated column by
 * column), one memory-mapped jvector index per vector field (PQ codes in memory), and the ordinals
 * still live. A field whose index is missing or damaged is searched exactly over its vectors. The
 * live bitset changes only by {@link #withLive}, which makes a new view; the loaded parts are
 * shared by the views and reference counted: the loader holds one reference (dropped by {@link
 * #close}), each request searching a snapshot one more ({@link #retain}, {@link #release}), and the
 * indexes are closed when the last is dropped.
 */
public final class SealedSegment implements SegmentSearcher, Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(SealedSegment.class);
  /** Accepted rows at or under which a segment is scanned exactly instead of graph-searched. */
  static final int EXACT_SEARCH_ROWS = 512;

  private final SegmentMetadata metadata;
  private final List<ResolvedRow> rows;
  private final ColumnBatch columns;
  private final Map<String, VectorIndex> indexes;
  private final References references;
  private final BitSet live;
  private final int liveCount;

  private SealedSegment(SegmentMetadata metadata, List<ResolvedRow> rows, ColumnBatch columns,
      Map<String, VectorIndex> indexes, References references, BitSet live) {
    this.metadata = metadata;
    this.rows = rows;
    this.columns = columns;
    this.indexes = indexes;
    this.references = references;
    this.live = live;
    this.liveCount = live.cardinality();
  }

  /** Loads a segment; {@code live} marks the ordinals the read plan keeps. */
  public static SealedSegment load(SegmentReader reader, CollectionSchema schema,
      SegmentMetadata segment, Path cache, Predicate<ResolvedRow> visible)
      throws IOException {
    List<ResolvedRow> rows = reader.rows(segment);
    BitSet live = liveOf(rows, visible);
    List<Row> values = new ArrayList<>(rows.size());
    for (ResolvedRow row : rows) {
      values.add(row.row());
    }
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
      return new SealedSegment(segment, rows, ColumnBatch.of(schema, values), Map.copyOf(indexes),
          new References(), live);
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
  public SealedSegment reloaded(Predicate<ResolvedRow> visible) {
    BitSet live = liveOf(rows, visible); // before the reference: it must not leak if this throws
    if (!references.retain()) {
      return null;
    }
    return new SealedSegment(metadata, rows, columns, indexes, references, live);
  }

  private static BitSet liveOf(List<ResolvedRow> rows, Predicate<ResolvedRow> visible) {
    BitSet live = new BitSet(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      if (visible.test(rows.get(i))) {
        live.set(i);
      }
    }
    return live;
  }

  /** The same loaded segment with another live set. */
  public SealedSegment withLive(BitSet newLive) {
    return new SealedSegment(metadata, rows, columns, indexes, references, newLive);
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
    return rows.get(ordinal);
  }

  @Override
  public BitSet matching(FilterExpression expression) {
    FilterBits bits = expression.evaluate(columns);
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
        for (int i = allowed.nextSetBit(0); i >= 0; i = allowed.nextSetBit(i + 1)) {
          float score = VectorScores.score(search.metric(), query, rows.get(i).row().vector(search.field()));
          top.offer(ScoreConvention.toRanked(search.metric(), score), TopK.ref(segmentIndex, i));
        }
      }
      result[q] = top;
    }
    return result;
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
