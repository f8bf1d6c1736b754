package io.vectorlake.catalog.expr;

import io.vectorlake.catalog.schema.FieldSchema;
import java.util.List;

/** One element of an ARRAY field by position, {@code tags[0]}; absent past the end. */
record ArrayElementOperand(FieldSchema field, int index) implements Operand {

  @Override
  public ValueType type() {
    return ValueType.of(field.elementType());
  }

  @Override
  public Object value(RowView row) {
    List<?> list = (List<?>) row.get(field.name());
    if (list == null) {
      return NULL;
    }
    if (index >= list.size()) {
      return null;
    }
    Object value = list.get(index);
    if (value instanceof Integer i) {
      return (long) i;
    }
    if (value instanceof Float f) {
      return (double) f;
    }
    return value;
  }

  @Override
  public ValueVector vector(ColumnBatch batch) {
    Column.Arrays column = (Column.Arrays) batch.column(field.name());
    List<?>[] lists = column.values();
    int n = lists.length;
    ValueVector v = new ValueVector(n, column.nulls());
    FilterBits absent = new FilterBits(n);
    ValueType type = type();
    if (type == ValueType.INTEGER) {
      v.longs = new long[n];
    } else if (type == ValueType.FLOAT) {
      v.doubles = new double[n];
    } else if (type == ValueType.STRING) {
      v.strings = new String[n];
    } else {
      v.bools = new boolean[n];
    }
    for (int i = 0; i < n; i++) {
      List<?> list = lists[i];
      if (list == null) {
        continue;
      }
      if (index >= list.size()) {
        absent.set(i);
        continue;
      }
      Object e = list.get(index);
      if (v.longs != null) {
        v.longs[i] = ((Number) e).longValue();
      } else if (v.doubles != null) {
        v.doubles[i] = ((Number) e).doubleValue();
      } else if (v.strings != null) {
        v.strings[i] = (String) e;
      } else {
        v.bools[i] = (Boolean) e;
      }
    }
    v.absent = absent;
    return v;
  }

  @Override
  public String describe() {
    return "element " + this + " of ARRAY<" + field.elementType() + ">";
  }

  @Override
  public String toString() {
    return field.name() + "[" + index + "]";
  }
}
