package io.vectorlake.catalog.expr;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code x like "pattern"} on a VARCHAR value or a JSON string; other JSON values do not match. */
record LikePredicate(Operand operand, LikePattern pattern) implements Predicate {

  @Override
  public int test(RowView row) {
    Object value = operand.value(row);
    if (value == Operand.NULL) {
      return Truth.UNKNOWN;
    }
    if (value instanceof JsonNode node) {
      return Truth.of(node.isTextual() && pattern.matches(node.textValue()));
    }
    return Truth.of(value instanceof String s && pattern.matches(s));
  }

  @Override
  public TriBits evaluate(ColumnBatch batch) {
    ValueVector v = operand.vector(batch);
    int n = v.size;
    FilterBits match = new FilterBits(n);
    long[] w = match.words();
    if (v.strings != null) {
      String[] a = v.strings;
      for (int i = 0; i < n; i++) {
        if (pattern.matches(a[i])) {
          w[i >>> 6] |= 1L << i;
        }
      }
    } else {
      JsonNode[] a = v.json;
      for (int i = 0; i < n; i++) {
        if (a[i] != null && a[i].isTextual() && pattern.matches(a[i].textValue())) {
          w[i >>> 6] |= 1L << i;
        }
      }
    }
    if (v.absent != null) {
      match.andNot(v.absent);
    }
    return TriBits.of(match, v.nulls);
  }

  @Override
  public String toString() {
    return operand + " like " + Literals.format(pattern.toString());
  }
}
