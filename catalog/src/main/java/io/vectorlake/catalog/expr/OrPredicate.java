package io.vectorlake.catalog.expr;

import java.util.List;
import java.util.stream.Collectors;

/** Any of the conditions; TRUE wins over UNKNOWN. */
record OrPredicate(List<Predicate> children) implements Predicate {

  @Override
  public int test(RowView row) {
    int result = Truth.FALSE;
    for (Predicate child : children) {
      int value = child.test(row);
      if (value == Truth.TRUE) {
        return Truth.TRUE;
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
      result = result.or(children.get(i).evaluate(batch));
    }
    return result;
  }

  @Override
  public String toString() {
    return children.stream().map(Object::toString).collect(Collectors.joining(" or ", "(", ")"));
  }
}
