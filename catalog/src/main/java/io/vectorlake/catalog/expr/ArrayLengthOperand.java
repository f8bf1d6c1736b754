package io.vectorlake.catalog.expr;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** {@code array_length(x)} of an ARRAY field or a JSON array; absent when x is not an array. */
record ArrayLengthOperand(Operand array) implements Operand {

  @Override
  public ValueType type() {
    return ValueType.INTEGER;
  }

  @Override
  public Object value(RowView row) {
    Object value = array.value(row);
    if (value == NULL) {
      return NULL;
    }
    if (value instanceof List<?> list) {
      return (long) list.size();
    }
    return value instanceof JsonNode node && node.isArray() ? (Object) (long) node.size() : null;
  }

  @Override
  public ValueVector vector(ColumnBatch batch) {
    ValueVector in = array.vector(batch);
    ValueVector out = new ValueVector(in.size, in.nulls);
    out.longs = new long[in.size];
    FilterBits absent = new FilterBits(in.size);
    for (int i = 0; i < in.size; i++) {
      if (in.lists != null) {
        List<?> list = in.lists[i];
        out.longs[i] = list == null ? 0 : list.size();
      } else {
        JsonNode node = in.json[i];
        if (node != null && node.isArray()) {
          out.longs[i] = node.size();
        } else {
          absent.set(i);
        }
      }
    }
    out.absent = absent;
    return out;
  }

  @Override
  public String describe() {
    return toString();
  }

  @Override
  public String toString() {
    return "array_length(" + array + ")";
  }
}
