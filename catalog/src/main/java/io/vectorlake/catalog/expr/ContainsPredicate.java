package io.vectorlake.catalog.expr;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * {@code json_contains}, {@code array_contains} and their {@code _all} / {@code _any} forms, on an
 * ARRAY field or a JSON array; a JSON value that is not an array does not match.
 */
record ContainsPredicate(
    String function, Operand array, Mode mode, List<Object> values, ValueSet set)
    implements Predicate {

  enum Mode {
    ONE,
    ALL,
    ANY
  }

  @Override
  public int test(RowView row) {
    Object value = array.value(row);
    if (value == Operand.NULL) {
      return Truth.UNKNOWN;
    }
    return Truth.of(matches(value));
  }

  @Override
  public TriBits evaluate(ColumnBatch batch) {
    ValueVector v = array.vector(batch);
    FilterBits match = new FilterBits(v.size);
    for (int i = 0; i < v.size; i++) {
      Object value = v.lists != null ? v.lists[i] : v.json[i];
      if (value != null && matches(value)) {
        match.set(i);
      }
    }
    return TriBits.of(match, v.nulls);
  }

  private boolean matches(Object value) {
    if (value instanceof List<?> list) {
      return switch (mode) {
        case ONE, ANY -> {
          for (Object element : list) {
            if (set.contains(element)) {
              yield true;
            }
          }
          yield false;
        }
        case ALL -> {
          for (Object wanted : values) {
            boolean found = false;
            for (Object element : list) {
              if (set.contains(element) && sameValue(element, wanted)) {
                found = true;
                break;
              }
            }
            if (!found) {
              yield false;
            }
          }
          yield true;
        }
      };
    }
    if (!(value instanceof JsonNode node) || !node.isArray()) {
      return false;
    }
    if (mode == Mode.ALL) {
      for (Object wanted : values) {
        boolean found = false;
        for (JsonNode element : node) {
          if (JsonValues.equalsConstant(element, wanted)) {
            found = true;
            break;
          }
        }
        if (!found) {
          return false;
        }
      }
      return true;
    }
    for (JsonNode element : node) {
      for (Object wanted : values) {
        if (JsonValues.equalsConstant(element, wanted)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean sameValue(Object element, Object wanted) {
    if (element instanceof Number e && wanted instanceof Number w) {
      return (e instanceof Long || e instanceof Integer) && w instanceof Long
          ? e.longValue() == w.longValue()
          : e.doubleValue() == w.doubleValue();
    }
    return element.equals(wanted);
  }

  @Override
  public String toString() {
    Object argument = mode == Mode.ONE ? values.get(0) : values;
    return function + "(" + array + ", " + Literals.format(argument) + ")";
  }
}
