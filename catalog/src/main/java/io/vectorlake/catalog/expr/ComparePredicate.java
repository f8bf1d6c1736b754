package io.vectorlake.catalog.expr;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A comparison or chained range of an operand against constants, as one inclusive {@link
 * ValueRange} test; {@code !=} is the negated equality range, so a missing JSON key is {@code !=}
 * anything (as in Milvus) while a null field stays UNKNOWN.
 */
record ComparePredicate(Operand operand, ValueRange range, boolean negate, String text)
    implements Predicate {

  @Override
  public int test(RowView row) {
    Object value = operand.value(row);
    if (value == Operand.NULL) {
      return Truth.UNKNOWN;
    }
    boolean in = value != null && range.contains(value);
    return Truth.of(in != negate);
  }

  @Override
  public TriBits evaluate(ColumnBatch batch) {
    ValueVector v = operand.vector(batch);
    int n = v.size;
    FilterBits match = new FilterBits(n);
    long[] w = match.words();
    if (v.ints != null) {
      long lo = range.longLo;
      long hi = range.longHi;
      int[] a = v.ints;
      for (int i = 0; i < n; i++) {
        long x = a[i];
        if (x >= lo & x <= hi) {
          w[i >>> 6] |= 1L << i;
        }
      }
    } else if (v.longs != null) {
      long lo = range.longLo;
      long hi = range.longHi;
      long[] a = v.longs;
      for (int i = 0; i < n; i++) {
        long x = a[i];
        if (x >= lo & x <= hi) {
          w[i >>> 6] |= 1L << i;
        }
      }
    } else if (v.floats != null) {
      double lo = range.doubleLo;
      double hi = range.doubleHi;
      float[] a = v.floats;
      for (int i = 0; i < n; i++) {
        double x = a[i];
        if (x >= lo & x <= hi) {
          w[i >>> 6] |= 1L << i;
        }
      }
    } else if (v.doubles != null) {
      double lo = range.doubleLo;
      double hi = range.doubleHi;
      double[] a = v.doubles;
      for (int i = 0; i < n; i++) {
        double x = a[i];
        if (x >= lo & x <= hi) {
          w[i >>> 6] |= 1L << i;
        }
      }
    } else if (v.strings != null) {
      String[] a = v.strings;
      for (int i = 0; i < n; i++) {
        if (range.containsString(a[i])) {
          w[i >>> 6] |= 1L << i;
        }
      }
    } else if (v.bools != null) {
      boolean[] a = v.bools;
      for (int i = 0; i < n; i++) {
        if (range.containsBool(a[i])) {
          w[i >>> 6] |= 1L << i;
        }
      }
    } else {
      JsonNode[] a = v.json;
      for (int i = 0; i < n; i++) {
        if (a[i] != null && range.contains(a[i])) {
          w[i >>> 6] |= 1L << i;
        }
      }
    }
    if (v.absent != null) {
      match.andNot(v.absent);
    }
    if (negate) {
      match.not();
    }
    return TriBits.of(match, v.nulls);
  }

  @Override
  public String toString() {
    return text;
  }
}
