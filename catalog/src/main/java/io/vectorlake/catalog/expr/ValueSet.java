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
  private static final long MAX_DENSE_SPAN = 1 << 16;

  private final long[] longs;
  // When the integers span a small range, a bitmap over [denseMin, denseMin + span) answers
  // membership with one shift and mask instead of a binary search.
  private final long[] dense;
  private final long denseMin;
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
    if (longs.length > 0
        && longs[longs.length - 1] - longs[0] >= 0
        && longs[longs.length - 1] - longs[0] < MAX_DENSE_SPAN) {
      denseMin = longs[0];
      dense = new long[(int) ((longs[longs.length - 1] - denseMin) >>> 6) + 1];
      for (long l : longs) {
        long offset = l - denseMin;
        dense[(int) (offset >>> 6)] |= 1L << offset;
      }
    } else {
      denseMin = 0;
      dense = null;
    }
  }

  boolean containsLong(long v) {
    if (dense != null) {
      long offset = v - denseMin;
      // Unsigned compare: values below denseMin wrap to huge offsets and fall outside.
      return Long.compareUnsigned(offset, (long) dense.length << 6) < 0
          && (dense[(int) (offset >>> 6)] & (1L << offset)) != 0;
    }
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
