package io.vectorlake.catalog.expr;

/**
 * {@code x is null} / {@code is not null}: never UNKNOWN. A JSON path is null when the field is
 * null, the key is missing or holds JSON null (Milvus turns it into "not exists").
 */
record NullPredicate(Operand operand, boolean negated) implements Predicate {

  @Override
  public int test(RowView row) {
    Object value = operand.value(row);
    boolean isNull = value == Operand.NULL || value == null;
    return Truth.of(isNull != negated);
  }

  @Override
  public TriBits evaluate(ColumnBatch batch) {
    ValueVector v = operand.vector(batch);
    FilterBits isNull = new FilterBits(v.size);
    if (v.nulls != null) {
      isNull.or(v.nulls);
    }
    if (v.absent != null) {
      isNull.or(v.absent);
    }
    if (v.json != null) {
      for (int i = 0; i < v.size; i++) {
        if (v.json[i] == null) {
          isNull.set(i);
        }
      }
    }
    if (negated) {
      isNull.not();
    }
    return TriBits.of(isNull, null);
  }

  @Override
  public String toString() {
    return operand + (negated ? " is not null" : " is null");
  }
}
