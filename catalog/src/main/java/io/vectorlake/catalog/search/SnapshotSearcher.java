package io.vectorlake.catalog.search;

import io.vectorlake.catalog.expr.FilterExpression;
import io.vectorlake.catalog.index.CorruptIndexException;
import io.vectorlake.catalog.index.Hit;
import io.vectorlake.catalog.index.IndexSpec;
import io.vectorlake.catalog.index.VectorIndex;
import io.vectorlake.catalog.index.VectorScores;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.segment.SegmentMetadata;
import io.vectorlake.catalog.segment.SegmentReader;
import io.vectorlake.catalog.view.ReadPlan;
import io.vectorlake.catalog.view.ResolvedRow;
import io.vectorlake.catalog.warehouse.Collection;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Searches one vector field of a collection as it was at one WAL position, in this process: each
 * segment through its index (the resolution and any filter turned into accepted ordinals), a
 * segment whose index is missing or damaged exactly over its vectors, the WAL tail exactly, and
 * the results merged into one top-k. Loads everything it needs up front; thread-safe.
 */
public final class SnapshotSearcher implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotSearcher.class);

  /** One loaded segment: its rows (for filters and keys), visible ordinals and index or vectors. */
  private record LoadedSegment(
      List<ResolvedRow> rows, BitSet visible, VectorIndex index, float[] vectors) {}

  private final String field;
  private final int dim;
  private final MetricType metric;
  private final List<LoadedSegment> segments;
  private final List<ResolvedRow> tail;
  private final Collection collection;

  private SnapshotSearcher(Collection collection, String field, int dim, MetricType metric,
      List<LoadedSegment> segments, List<ResolvedRow> tail) {
    this.collection = collection;
    this.field = field;
    this.dim = dim;
    this.metric = metric;
    this.segments = segments;
    this.tail = tail;
  }

  /** Loads the collection at {@code plan}'s position; remote index files are copied to {@code cache}. */
  public static SnapshotSearcher open(Collection collection, ReadPlan plan, String field, Path cache)
      throws IOException {
    return open(collection, plan, plan.rowSegments(), true, field, cache);
  }

  /**
   * Loads part of a plan: the given segments and, with {@code withTail}, the WAL tail; an engine
   * that spreads segments over tasks opens one searcher per task.
   */
  public static SnapshotSearcher open(Collection collection, ReadPlan plan,
      List<SegmentMetadata> segmentsToLoad, boolean withTail, String field, Path cache)
      throws IOException {
    SegmentReader reader = new SegmentReader(collection);
    int dim = collection.schema().requireField(field).dim();
    MetricType metric = collection.schema().requireField(field).metric();
    List<LoadedSegment> loaded = new ArrayList<>();
    for (SegmentMetadata segment : segmentsToLoad) {
      List<ResolvedRow> rows = reader.rows(segment);
      BitSet visible = new BitSet(rows.size());
      for (int i = 0; i < rows.size(); i++) {
        if (plan.isVisible(rows.get(i))) {
          visible.set(i);
        }
      }
      VectorIndex index = null;
      float[] vectors = null;
      try {
        index = reader.openIndex(segment, field, cache, false);
      } catch (CorruptIndexException e) {
        LOG.warn("segment {}: {}; searching it exactly", segment.id(), e.getMessage());
      }
      if (index == null) {
        vectors = reader.vectors(segment, field);
      }
      loaded.add(new LoadedSegment(rows, visible, index, vectors));
    }
    return new SnapshotSearcher(collection, field, dim, metric, loaded,
        withTail ? plan.tailRows() : List.of());
  }

  /** The k nearest visible rows matching {@code filter} (null for all), nearest first. */
  public List<SearchHit> search(float[] query, int k, int ef, FilterExpression filter) {
    if (query.length != dim) {
      throw new IllegalArgumentException(
          "vector field '" + field + "' expects dim " + dim + ", got " + query.length);
    }
    int beam = ef > 0 ? Math.max(ef, k) : Math.max(IndexSpec.DEFAULT_SEARCH_EF, k);
    List<SearchHit> candidates = new ArrayList<>();
    for (LoadedSegment segment : segments) {
      BitSet accepted = segment.visible();
      if (filter != null) {
        accepted = (BitSet) accepted.clone();
        for (int i = accepted.nextSetBit(0); i >= 0; i = accepted.nextSetBit(i + 1)) {
          if (!filter.matches(segment.rows().get(i).row())) {
            accepted.clear(i);
          }
        }
      }
      if (accepted.isEmpty()) {
        continue;
      }
      if (segment.index() != null) {
        BitSet bits = accepted;
        for (Hit hit : segment.index().search(query, k, beam, bits::get)) {
          candidates.add(new SearchHit(segment.rows().get(hit.ordinal()).primaryKey(), hit.score()));
        }
      } else {
        for (int i = accepted.nextSetBit(0); i >= 0; i = accepted.nextSetBit(i + 1)) {
          candidates.add(new SearchHit(segment.rows().get(i).primaryKey(),
              VectorScores.score(metric, query, segment.vectors(), i * dim)));
        }
      }
    }
    for (ResolvedRow row : tail) {
      if (filter == null || filter.matches(row.row())) {
        candidates.add(new SearchHit(row.primaryKey(), VectorScores.score(metric, query, row.row().vector(field))));
      }
    }
    Comparator<SearchHit> nearestFirst = Comparator.comparingDouble(SearchHit::score);
    candidates.sort(metric.largerIsCloser() ? nearestFirst.reversed() : nearestFirst);
    return candidates.subList(0, Math.min(k, candidates.size()));
  }

  public MetricType metric() {
    return metric;
  }

  public Collection collection() {
    return collection;
  }

  @Override
  public void close() throws IOException {
    for (LoadedSegment segment : segments) {
      if (segment.index() != null) {
        segment.index().close();
      }
    }
  }
}
