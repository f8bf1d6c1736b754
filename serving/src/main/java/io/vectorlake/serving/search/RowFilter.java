package io.vectorlake.serving.search;

import io.vectorlake.catalog.expr.FilterExpression;
import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.Row;
import java.util.Map;

/**
 * A Milvus boolean filter over rows (the {@code filter} of search, query and delete), parsed and
 * checked against the collection schema by the catalog's expression language.
 */
public interface RowFilter {
  RowFilter ALL = row -> true;

  boolean matches(Row row);

  /** The filter for {@code text}; an empty text accepts every row. */
  static RowFilter parse(String text, CollectionSchema schema, Map<String, Object> templates) {
    if (text == null || text.isBlank()) {
      return ALL;
    }
    FilterExpression expression = FilterExpression.parse(text, schema, templates);
    return expression::matches;
  }
}
