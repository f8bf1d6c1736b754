package io.vectorlake.catalog.expr;

/**
 * Three-valued results for a whole batch: rows in {@code isTrue} are TRUE, rows in {@code isFalse}
 * are FALSE, rows in neither are UNKNOWN (a comparison touched a null field).
 */
record TriBits(FilterBits isTrue, FilterBits isFalse) {

  /** TRUE where {@code match}, FALSE elsewhere, except UNKNOWN on the {@code nulls} rows. */
  static TriBits of(FilterBits match, FilterBits nulls) {
    FilterBits no = match.copy().not();
    if (nulls != null) {
      match.andNot(nulls);
      no.andNot(nulls);
    }
    return new TriBits(match, no);
  }

  /** Kleene and: TRUE if both TRUE, FALSE if either FALSE. Reuses this instance's bitsets. */
  TriBits and(TriBits other) {
    isTrue.and(other.isTrue);
    isFalse.or(other.isFalse);
    return this;
  }

  /** Kleene or: TRUE if either TRUE, FALSE if both FALSE. Reuses this instance's bitsets. */
  TriBits or(TriBits other) {
    isTrue.or(other.isTrue);
    isFalse.and(other.isFalse);
    return this;
  }

  TriBits not() {
    return new TriBits(isFalse, isTrue);
  }
}
