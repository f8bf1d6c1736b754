package io.vectorlake.catalog.expr;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * An operand's values over a batch: exactly one of the arrays is set. {@code nulls} rows are
 * UNKNOWN (the field is null); {@code absent} rows have no value (a missing JSON key or an array
 * index past the end), which comparisons treat as not matching. Either bitset may be null (none).
 */
final class ValueVector {
  final int size;
  int[] ints;
  long[] longs;
  float[] floats;
  double[] doubles;
  boolean[] bools;
  String[] strings;
  JsonNode[] json;
  List<?>[] lists;
  FilterBits nulls;
  FilterBits absent;

  ValueVector(int size, FilterBits nulls) {
    this.size = size;
    this.nulls = nulls;
  }

  boolean isNull(int i) {
    return nulls != null && nulls.get(i);
  }

  boolean isAbsent(int i) {
    return absent != null && absent.get(i);
  }

  static ValueVector of(Column column) {
    ValueVector v = new ValueVector(column.size(), column.nulls());
    if (column instanceof Column.Ints c) {
      v.ints = c.values();
    } else if (column instanceof Column.Longs c) {
      v.longs = c.values();
    } else if (column instanceof Column.Floats c) {
      v.floats = c.values();
    } else if (column instanceof Column.Doubles c) {
      v.doubles = c.values();
    } else if (column instanceof Column.Bools c) {
      v.bools = c.values();
    } else if (column instanceof Column.Strings c) {
      v.strings = c.values();
    } else if (column instanceof Column.Arrays c) {
      v.lists = c.values();
    } else {
      v.json = ((Column.Json) column).nodes();
    }
    return v;
  }

  /** Integer values as longs (copying narrower storage). */
  long[] asLongs() {
    if (longs != null) {
      return longs;
    }
    long[] out = new long[size];
    for (int i = 0; i < size; i++) {
      out[i] = ints[i];
    }
    return out;
  }

  /** Numeric values as doubles; for JSON, non-numbers become absent. */
  double[] asDoubles() {
    double[] out = new double[size];
    if (doubles != null) {
      return doubles;
    } else if (floats != null) {
      for (int i = 0; i < size; i++) {
        out[i] = floats[i];
      }
    } else if (longs != null) {
      for (int i = 0; i < size; i++) {
        out[i] = longs[i];
      }
    } else if (ints != null) {
      for (int i = 0; i < size; i++) {
        out[i] = ints[i];
      }
    } else {
      throw new IllegalStateException("not a numeric vector");
    }
    return out;
  }
}
