package io.vectorlake.catalog.expr;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** {@code x in [..]}; {@code not in} is a {@link NotPredicate} around it, as in Milvus. */
record InPredicate(Operand operand, ValueSet set, List<Object> values) implements Predicate {

  @Override
  public int test(RowView row) {
    Object value = operand.value(row);
    if (value == Operand.NULL) {
      return Truth.UNKNOWN;
    }
    return Truth.of(value != null && set.contains(value));
  }

  @Override
  public TriBits evaluate(ColumnBatch batch) {
    ValueVector v = operand.vector(batch);
    int n = v.size;
    FilterBits match = new FilterBits(n);
    long[] w = match.words();
    if (v.ints != null) {
      int[] a = v.ints;
      for (int i = 0; i < n; i++) {
        if (set.containsLong(a[i])) {
          w[i >>> 6] |= 1L << i;
        }
      }
    } else if (v.longs != null) {
      long[] a = v.longs;
      for (int i = 0; i < n; i++) {
        if (set.containsLong(a[i])) {
          w[i >>> 6] |= 1L << i;
        }
      }
    } else if (v.floats != null) {
      float[] a = v.floats;
      for (int i = 0; i < n; i++) {
        if (set.containsDouble(a[i])) {
          w[i >>> 6] |= 1L << i;
        }
      }
    } else if (v.doubles != null) {
      double[] a = v.doubles;
      for (int i = 0; i < n; i++) {
        if (set.containsDouble(a[i])) {
          w[i >>> 6] |= 1L << i;
        }
      }
    } else if (v.strings != null) {
      String[] a = v.strings;
      for (int i = 0; i < n; i++) {
        if (set.containsString(a[i])) {
          w[i >>> 6] |= 1L << i;
        }
      }
    } else if (v.bools != null) {
      boolean[] a = v.bools;
      for (int i = 0; i < n; i++) {
        if (set.containsBool(a[i])) {
          w[i >>> 6] |= 1L << i;
        }
      }
    } else {
      JsonNode[] a = v.json;
      for (int i = 0; i < n; i++) {
        if (a[i] != null && set.contains(a[i])) {
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
    return operand + " in " + Literals.format(values);
  }
}
