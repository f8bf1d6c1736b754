package io.vectorlake.serving.search;

import io.vectorlake.catalog.expr.FilterExpression;
import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.Row;
import java.util.BitSet;
import java.util.Map;

/**
 * A Milvus boolean filter over rows (the {@code filter} of search, query and delete), parsed and
 * checked against the collection schema by the catalog's expression language, evaluated on a whole
 * segment at once through its columns.
 */
public interface RowFilter {
  RowFilter ALL = new RowFilter() {
    @Override
    public boolean matches(Row row) {
      return true;
    }

    @Override
    public BitSet evaluate(SegmentSearcher segment) {
      BitSet all = new BitSet(segment.rowCount());
      all.set(0, segment.rowCount());
      return all;
    }
  };

  boolean matches(Row row);

  /** The ordinals of the segment's rows that match. */
  BitSet evaluate(SegmentSearcher segment);

  /** The filter for {@code text}; an empty text accepts every row. */
  static RowFilter parse(String text, CollectionSchema schema, Map<String, Object> templates) {
    if (text == null || text.isBlank()) {
      return ALL;
    }
    FilterExpression expression = FilterExpression.parse(text, schema, templates);
    return new RowFilter() {
      @Override
      public boolean matches(Row row) {
        return expression.matches(row);
      }

      @Override
      public BitSet evaluate(SegmentSearcher segment) {
        return segment.matching(expression);
      }
    };
  }
}
