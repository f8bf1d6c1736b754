package io.vectorlake.catalog.expr;

import java.util.List;
import java.util.stream.Collectors;

/** All of the conditions; FALSE wins over UNKNOWN. */
record AndPredicate(List<Predicate> children) implements Predicate {

  @Override
  public int test(RowView row) {
    int result = Truth.TRUE;
    for (Predicate child : children) {
      int value = child.test(row);
      if (value == Truth.FALSE) {
        return Truth.FALSE;
      }
      if (value == Truth.UNKNOWN) {
        result = Truth.UNKNOWN;
      }
    }
    return result;
  }

  @Override
  public TriBits evaluate(ColumnBatch batch) {
    TriBits result = children.get(0).evaluate(batch);
    for (int i = 1; i < children.size(); i++) {
      result = result.and(children.get(i).evaluate(batch));
    }
    return result;
  }

  @Override
  public String toString() {
    return children.stream().map(Object::toString).collect(Collectors.joining(" and ", "(", ")"));
  }
}
