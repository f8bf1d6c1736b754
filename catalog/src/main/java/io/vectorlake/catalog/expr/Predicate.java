package io.vectorlake.catalog.expr;

/** A checked condition, evaluated on one row or over a whole batch with three-valued logic. */
interface Predicate {
  /** {@link Truth#TRUE}, {@link Truth#FALSE} or {@link Truth#UNKNOWN}. */
  int test(RowView row);

  TriBits evaluate(ColumnBatch batch);
}
