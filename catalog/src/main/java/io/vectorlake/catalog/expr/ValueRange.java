package io.vectorlake.catalog.expr;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The values a comparison or range accepts, pre-computed as inclusive primitive bounds so that
 * every comparison is one {@code lo <= v && v <= hi} test: integers get long bounds (so {@code age
 * > 3.5} becomes {@code age >= 4}), floating point gets double bounds (exclusive bounds move one
 * ulp inwards), strings compare by code point as Milvus compares UTF-8 bytes.
 */
final class ValueRange {
  enum Kind {
    NUMBER,
    STRING,
    BOOL
  }

  final Kind kind;
  final long longLo;
  final long longHi;
  final double doubleLo;
  final double doubleHi;
  private final String stringLo;
  private final boolean stringLoInclusive;
  private final String stringHi;
  private final boolean stringHiInclusive;
  private final boolean bool;
  // Set for equality ranges on strings: equals() is faster than two ordered comparisons.
  private final String exact;

  private ValueRange(
      Kind kind,
      long longLo,
      long longHi,
      double doubleLo,
      double doubleHi,
      String stringLo,
      boolean stringLoInclusive,
      String stringHi,
      boolean stringHiInclusive,
      boolean bool) {
    this.kind = kind;
    this.longLo = longLo;
    this.longHi = longHi;
    this.doubleLo = doubleLo;
    this.doubleHi = doubleHi;
    this.stringLo = stringLo;
    this.stringLoInclusive = stringLoInclusive;
    this.stringHi = stringHi;
    this.stringHiInclusive = stringHiInclusive;
    this.bool = bool;
    this.exact =
        stringLo != null && stringLo.equals(stringHi) && stringLoInclusive && stringHiInclusive
            ? stringLo
            : null;
  }

  /** Numeric bounds (Long or Double); a null bound is unbounded. */
  static ValueRange numeric(Number lo, boolean loInclusive, Number hi, boolean hiInclusive) {
    Long boundLo = lo == null ? (Long) Long.MIN_VALUE : longLower(lo, loInclusive);
    Long boundHi = hi == null ? (Long) Long.MAX_VALUE : longUpper(hi, hiInclusive);
    long longLo = boundLo == null || boundHi == null ? 1 : boundLo;
    long longHi = boundLo == null || boundHi == null ? 0 : boundHi;
    double doubleLo = Double.NEGATIVE_INFINITY;
    double doubleHi = Double.POSITIVE_INFINITY;
    if (lo != null) {
      doubleLo = loInclusive ? lo.doubleValue() : Math.nextUp(lo.doubleValue());
    }
    if (hi != null) {
      doubleHi = hiInclusive ? hi.doubleValue() : Math.nextDown(hi.doubleValue());
    }
    return new ValueRange(
        Kind.NUMBER, longLo, longHi, doubleLo, doubleHi, null, false, null, false, false);
  }

  static ValueRange string(String lo, boolean loInclusive, String hi, boolean hiInclusive) {
    return new ValueRange(Kind.STRING, 0, 0, 0, 0, lo, loInclusive, hi, hiInclusive, false);
  }

  static ValueRange bool(boolean value) {
    return new ValueRange(Kind.BOOL, 0, 0, 0, 0, null, false, null, false, value);
  }

  /** The smallest long satisfying the bound, or null when none does. */
  private static Long longLower(Number bound, boolean inclusive) {
    if (bound instanceof Long l) {
      if (inclusive) {
        return l;
      }
      return l == Long.MAX_VALUE ? null : l + 1;
    }
    double d = bound.doubleValue();
    if (Double.isNaN(d) || d >= 0x1p63) {
      return null;
    }
    if (d < -0x1p63) {
      return Long.MIN_VALUE;
    }
    double rounded = inclusive ? Math.ceil(d) : Math.floor(d) + 1;
    return rounded >= 0x1p63 ? null : (Long) (long) rounded;
  }

  /** The largest long satisfying the bound, or null when none does. */
  private static Long longUpper(Number bound, boolean inclusive) {
    if (bound instanceof Long l) {
      if (inclusive) {
        return l;
      }
      return l == Long.MIN_VALUE ? null : l - 1;
    }
    double d = bound.doubleValue();
    if (Double.isNaN(d) || d < -0x1p63) {
      return null;
    }
    if (d >= 0x1p63) {
      return Long.MAX_VALUE;
    }
    double rounded = inclusive ? Math.floor(d) : Math.ceil(d) - 1;
    return rounded < -0x1p63 ? null : (Long) (long) rounded;
  }

  boolean containsLong(long v) {
    return v >= longLo && v <= longHi;
  }

  boolean containsDouble(double v) {
    return v >= doubleLo && v <= doubleHi;
  }

  boolean containsString(String s) {
    if (s == null) {
      return false;
    }
    if (exact != null) {
      return exact.equals(s);
    }
    if (stringLo != null) {
      int c = compare(s, stringLo);
      if (c < 0 || (c == 0 && !stringLoInclusive)) {
        return false;
      }
    }
    if (stringHi != null) {
      int c = compare(s, stringHi);
      return c < 0 || (c == 0 && stringHiInclusive);
    }
    return true;
  }

  boolean containsBool(boolean b) {
    return b == bool;
  }

  /** A row value from {@link Operand#value}: the range only accepts values of its own kind. */
  boolean contains(Object value) {
    if (value instanceof JsonNode node) {
      return switch (kind) {
        case NUMBER ->
            node.isNumber()
                && (node.isIntegralNumber() && node.canConvertToLong()
                    ? containsLong(node.longValue())
                    : containsDouble(node.doubleValue()));
        case STRING -> node.isTextual() && containsString(node.textValue());
        case BOOL -> node.isBoolean() && containsBool(node.booleanValue());
      };
    }
    return switch (kind) {
      case NUMBER ->
          value instanceof Long l
              ? containsLong(l)
              : value instanceof Double d && containsDouble(d);
      case STRING -> value instanceof String s && containsString(s);
      case BOOL -> value instanceof Boolean b && containsBool(b);
    };
  }

  /** Code-point order, which is the byte order of UTF-8 (Milvus compares strings as bytes). */
  static int compare(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        boolean xs = Character.isSurrogate(x);
        boolean ys = Character.isSurrogate(y);
        if (xs == ys) {
          return x - y;
        }
        return xs ? 1 : -1;
      }
    }
    return a.length() - b.length();
  }
}
