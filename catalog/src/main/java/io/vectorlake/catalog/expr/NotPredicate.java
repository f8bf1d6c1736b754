package io.vectorlake.catalog.expr;

/** The negation; UNKNOWN stays UNKNOWN, so {@code not (x > 1)} does not match a null x. */
record NotPredicate(Predicate child, String keyword) implements Predicate {

  @Override
  public int test(RowView row) {
    return Truth.not(child.test(row));
  }

  @Override
  public TriBits evaluate(ColumnBatch batch) {
    return child.evaluate(batch).not();
  }

  @Override
  public String toString() {
    if (keyword.equals("not in") && child instanceof InPredicate in) {
      return in.toString().replaceFirst(" in \\[", " not in [");
    }
    // 'not' binds tighter than comparisons and 'in', so only and/or (already parenthesized) go
    // bare.
    boolean parenthesized = child instanceof AndPredicate || child instanceof OrPredicate;
    return parenthesized ? "not " + child : "not (" + child + ")";
  }
}
