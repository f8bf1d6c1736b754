package io.vectorlake.catalog.expr;

/**
 * A comparison between two operands of the same kind, {@code age > tiny} or {@code tags[0] < age}:
 * integers compare as longs, other numbers as doubles, strings by code point, booleans by == and !=
 * only. UNKNOWN when either field is null; a missing array element does not match.
 */
record FieldComparePredicate(Operand left, String op, Operand right) implements Predicate {

  @Override
  public int test(RowView row) {
    Object l = left.value(row);
    Object r = right.value(row);
    if (l == Operand.NULL || r == Operand.NULL) {
      return Truth.UNKNOWN;
    }
    if (l == null || r == null) {
      return Truth.of(op.equals("!="));
    }
    if (l instanceof Long a && r instanceof Long b) {
      return Truth.of(holds(Long.compare(a, b)));
    }
    if (l instanceof Number a && r instanceof Number b) {
      return Truth.of(holds(a.doubleValue(), b.doubleValue()));
    }
    if (l instanceof String a && r instanceof String b) {
      return Truth.of(holds(ValueRange.compare(a, b)));
    }
    return Truth.of(l.equals(r) == op.equals("=="));
  }

  @Override
  public TriBits evaluate(ColumnBatch batch) {
    ValueVector l = left.vector(batch);
    ValueVector r = right.vector(batch);
    int n = l.size;
    FilterBits match = new FilterBits(n);
    long[] w = match.words();
    boolean integers = left.type() == ValueType.INTEGER && right.type() == ValueType.INTEGER;
    if (integers) {
      long[] a = l.asLongs();
      long[] b = r.asLongs();
      for (int i = 0; i < n; i++) {
        if (holds(Long.compare(a[i], b[i]))) {
          w[i >>> 6] |= 1L << i;
        }
      }
    } else if (left.type().isNumeric()) {
      double[] a = l.asDoubles();
      double[] b = r.asDoubles();
      for (int i = 0; i < n; i++) {
        if (holds(a[i], b[i])) {
          w[i >>> 6] |= 1L << i;
        }
      }
    } else if (left.type() == ValueType.STRING) {
      for (int i = 0; i < n; i++) {
        if (l.strings[i] != null
            && r.strings[i] != null
            && holds(ValueRange.compare(l.strings[i], r.strings[i]))) {
          w[i >>> 6] |= 1L << i;
        }
      }
    } else {
      boolean equal = op.equals("==");
      for (int i = 0; i < n; i++) {
        if ((l.bools[i] == r.bools[i]) == equal) {
          w[i >>> 6] |= 1L << i;
        }
      }
    }
    FilterBits absent = union(l.absent, r.absent);
    if (absent != null) {
      if (op.equals("!=")) {
        match.or(absent);
      } else {
        match.andNot(absent);
      }
    }
    return TriBits.of(match, union(l.nulls, r.nulls));
  }

  private static FilterBits union(FilterBits a, FilterBits b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    return a.copy().or(b);
  }

  private boolean holds(int c) {
    return switch (op) {
      case "==" -> c == 0;
      case "!=" -> c != 0;
      case "<" -> c < 0;
      case "<=" -> c <= 0;
      case ">" -> c > 0;
      default -> c >= 0;
    };
  }

  /** IEEE comparisons: NaN is unequal to everything and unordered. */
  private boolean holds(double a, double b) {
    return switch (op) {
      case "==" -> a == b;
      case "!=" -> a != b;
      case "<" -> a < b;
      case "<=" -> a <= b;
      case ">" -> a > b;
      default -> a >= b;
    };
  }

  @Override
  public String toString() {
    return left + " " + op + " " + right;
  }
}
