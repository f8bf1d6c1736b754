package io.vectorlake.catalog.expr;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The constants of an {@code in} list or a contains function, pre-compiled for lookups without
 * boxing: sorted primitive arrays for numbers, a hash set for strings, two flags for booleans.
 * Integers appear in both numeric arrays, so a JSON 3.0 finds the constant 3.
 */
final class ValueSet {
  private final long[] longs;
  private final double[] doubles;
  private final Set<String> strings = new HashSet<>();
  private boolean hasTrue;
  private boolean hasFalse;

  ValueSet(List<Object> values) {
    long[] ls = new long[values.size()];
    double[] ds = new double[values.size()];
    int nl = 0;
    int nd = 0;
    for (Object v : values) {
      if (v instanceof Long l) {
        ls[nl++] = l;
        ds[nd++] = l.doubleValue();
      } else if (v instanceof Double d) {
        ds[nd++] = d == 0.0 ? 0.0 : d;
      } else if (v instanceof String s) {
        strings.add(s);
      } else if (v instanceof Boolean b) {
        hasTrue |= b;
        hasFalse |= !b;
      }
    }
    longs = Arrays.copyOf(ls, nl);
    doubles = Arrays.copyOf(ds, nd);
    Arrays.sort(longs);
    Arrays.sort(doubles);
  }

  boolean containsLong(long v) {
    return Arrays.binarySearch(longs, v) >= 0;
  }

  boolean containsDouble(double v) {
    return Arrays.binarySearch(doubles, v == 0.0 ? 0.0 : v) >= 0;
  }

  boolean containsString(String s) {
    return s != null && strings.contains(s);
  }

  boolean containsBool(boolean b) {
    return b ? hasTrue : hasFalse;
  }

  /** A row value or array element: Integer/Long, Float/Double, String, Boolean or JsonNode. */
  boolean contains(Object value) {
    if (value instanceof Long || value instanceof Integer) {
      return containsLong(((Number) value).longValue());
    }
    if (value instanceof Double || value instanceof Float) {
      return containsDouble(((Number) value).doubleValue());
    }
    if (value instanceof String s) {
      return containsString(s);
    }
    if (value instanceof Boolean b) {
      return containsBool(b);
    }
    if (value instanceof JsonNode node) {
      if (node.isIntegralNumber() && node.canConvertToLong()) {
        return containsLong(node.longValue()) || containsDouble(node.doubleValue());
      }
      if (node.isNumber()) {
        return containsDouble(node.doubleValue());
      }
      if (node.isTextual()) {
        return containsString(node.textValue());
      }
      return node.isBoolean() && containsBool(node.booleanValue());
    }
    return false;
  }
}
