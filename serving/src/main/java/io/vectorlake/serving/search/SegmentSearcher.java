package io.vectorlake.serving.search;

import io.vectorlake.catalog.expr.FilterExpression;
import io.vectorlake.catalog.view.ResolvedRow;
import java.util.BitSet;
import java.util.concurrent.ForkJoinPool;

/**
 * A searchable, immutable set of resolved rows: the growing rows resolved from the WAL (exact
 * search) and each sealed segment with its graph index.
 * Ordinals run from 0 to {@code rowCount() - 1}.
 */
public interface SegmentSearcher {
  /** The number of ordinals, live or not. */
  int rowCount();

  /** The live ordinals (rows not replaced, deleted or hidden since), or null when all are. */
  BitSet live();

  /** The number of live rows. */
  long liveCount();

  /** The row at {@code ordinal}, for output fields; built on each call by packed segments. */
  ResolvedRow row(int ordinal);

  /** The primary key at {@code ordinal}, without building its row. */
  default Object primaryKey(int ordinal) {
    return row(ordinal).primaryKey();
  }

  /** The partition of the row at {@code ordinal}, without building its row. */
  default String partition(int ordinal) {
    return row(ordinal).partition();
  }

  /** The vector of {@code field} at {@code ordinal}, without building its row. */
  default float[] vector(String field, int ordinal) {
    return row(ordinal).row().vector(field);
  }

  /** The ordinals whose rows match the filter (live or not), evaluated column by column. */
  BitSet matching(FilterExpression expression);

  /**
   * The best {@code search.k()} rows per query among {@code accepted} ordinals (all when null),
   * with "higher is better" scores; references carry {@code segmentIndex} and the ordinal.
   */
  TopK[] search(VectorSearch search, BitSet accepted, int segmentIndex, ForkJoinPool pool);

  /**
   * Takes a reference that keeps the segment's resources open for a request; false when they are
   * already closed. Segments held only in memory need none.
   */
  default boolean retain() {
    return true;
  }

  /** Drops a reference taken by {@link #retain}. */
  default void release() {}
}
