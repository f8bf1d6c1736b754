package io.vectorlake.catalog.expr;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Arithmetic between an operand and a constant, {@code age % 2} or {@code 10 - x}. Integers stay
 * integers (64-bit, wrapping, division truncates as in Milvus); anything with a floating-point
 * side, and JSON numbers, is computed in double.
 */
record ArithmeticOperand(Operand operand, char op, Object constant, boolean constantFirst)
    implements Operand {

  @Override
  public ValueType type() {
    return operand.type() == ValueType.INTEGER && constant instanceof Long
        ? ValueType.INTEGER
        : ValueType.FLOAT;
  }

  @Override
  public Object value(RowView row) {
    Object v = operand.value(row);
    if (v == NULL || v == null) {
      return v;
    }
    if (v instanceof JsonNode node) {
      if (!node.isNumber()) {
        return null;
      }
      return jsonValue(node);
    }
    if (type() == ValueType.INTEGER) {
      return applyLong((Long) v);
    }
    return applyDouble(((Number) v).doubleValue());
  }

  private double jsonValue(JsonNode node) {
    if (op == '%'
        && node.isIntegralNumber()
        && node.canConvertToLong()
        && constant instanceof Long) {
      return applyLong(node.longValue());
    }
    return applyDouble(node.doubleValue());
  }

  long applyLong(long v) {
    long c = (Long) constant;
    long a = constantFirst ? c : v;
    long b = constantFirst ? v : c;
    return switch (op) {
      case '+' -> a + b;
      case '-' -> a - b;
      case '*' -> a * b;
      case '/' -> a / b;
      default -> a % b;
    };
  }

  double applyDouble(double v) {
    double c = ((Number) constant).doubleValue();
    double a = constantFirst ? c : v;
    double b = constantFirst ? v : c;
    return switch (op) {
      case '+' -> a + b;
      case '-' -> a - b;
      case '*' -> a * b;
      case '/' -> a / b;
      default -> a % b;
    };
  }

  @Override
  public ValueVector vector(ColumnBatch batch) {
    ValueVector in = operand.vector(batch);
    int n = in.size;
    ValueVector out = new ValueVector(n, in.nulls);
    out.absent = in.absent;
    if (in.json != null) {
      FilterBits absent = new FilterBits(n);
      out.doubles = new double[n];
      for (int i = 0; i < n; i++) {
        JsonNode node = in.json[i];
        if (node != null && node.isNumber()) {
          out.doubles[i] = jsonValue(node);
        } else {
          absent.set(i);
        }
      }
      out.absent = absent;
    } else if (type() == ValueType.INTEGER) {
      long[] a = in.asLongs();
      long[] r = new long[n];
      long c = (Long) constant;
      // Divisors are non-zero constants (checked when binding), so null rows cannot trap here.
      switch (op) {
        case '+' -> {
          for (int i = 0; i < n; i++) {
            r[i] = a[i] + c;
          }
        }
        case '*' -> {
          for (int i = 0; i < n; i++) {
            r[i] = a[i] * c;
          }
        }
        case '%' -> {
          if (constantFirst) {
            throw new IllegalStateException("a field divisor is rejected when binding");
          }
          for (int i = 0; i < n; i++) {
            r[i] = a[i] % c;
          }
        }
        default -> {
          for (int i = 0; i < n; i++) {
            r[i] = applyLong(a[i]);
          }
        }
      }
      out.longs = r;
    } else {
      double[] a = in.asDoubles();
      double[] r = new double[n];
      for (int i = 0; i < n; i++) {
        r[i] = applyDouble(a[i]);
      }
      out.doubles = r;
    }
    return out;
  }

  @Override
  public String describe() {
    return "arithmetic expression " + this;
  }

  @Override
  public String toString() {
    String c = Literals.format(constant);
    return constantFirst
        ? "(" + c + " " + op + " " + operand + ")"
        : "(" + operand + " " + op + " " + c + ")";
  }
}
