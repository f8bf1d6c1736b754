package io.vectorlake.catalog.expr;

/**
 * SQL three-valued logic for one row: a comparison on a null field is UNKNOWN, and a row matches
 * only when the whole expression is TRUE.
 */
final class Truth {
  static final int FALSE = 0;
  static final int TRUE = 1;
  static final int UNKNOWN = 2;

  private Truth() {}

  static int of(boolean value) {
    return value ? TRUE : FALSE;
  }

  static int not(int value) {
    return value == UNKNOWN ? UNKNOWN : 1 - value;
  }
}
