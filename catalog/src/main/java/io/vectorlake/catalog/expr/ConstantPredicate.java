package io.vectorlake.catalog.expr;

/** A condition folded to a constant when parsing, such as {@code true} or {@code 1 < 2}. */
record ConstantPredicate(boolean value) implements Predicate {

  @Override
  public int test(RowView row) {
    return Truth.of(value);
  }

  @Override
  public TriBits evaluate(ColumnBatch batch) {
    FilterBits all = FilterBits.allSet(batch.size());
    FilterBits none = new FilterBits(batch.size());
    return value ? new TriBits(all, none) : new TriBits(none, all);
  }

  @Override
  public String toString() {
    return Boolean.toString(value);
  }
}
