package io.vectorlake.catalog.expr;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Checks a parse tree against a collection schema and turns it into evaluable {@link Predicate}s:
 * resolves names (declared field, dynamic-field key, JSON path, array element), substitutes
 * templates, folds constants and rejects what Milvus rejects, naming the position and the rule.
 */
final class Binder {
  private final String text;
  private final CollectionSchema schema;
  private final Map<String, Object> templates;

  Binder(String text, CollectionSchema schema, Map<String, Object> templates) {
    this.text = text;
    this.schema = schema;
    this.templates = templates;
  }

  private ExpressionException error(int position, String reason) {
    return new ExpressionException(text, position, reason);
  }

  // ---- conditions -------------------------------------------------------------------------

  Predicate predicate(Syntax node) {
    if (node instanceof Syntax.Binary b && (b.op().equals("and") || b.op().equals("or"))) {
      List<Predicate> children = new ArrayList<>();
      flatten(b.op(), b, children);
      return b.op().equals("and")
          ? new AndPredicate(List.copyOf(children))
          : new OrPredicate(List.copyOf(children));
    }
    if (node instanceof Syntax.Unary u && u.op().equals("not")) {
      Object inner = operandOrConstant(u.operand(), true);
      if (inner instanceof Predicate p) {
        return new NotPredicate(p, "not");
      }
      if (inner instanceof Boolean b) {
        return new ConstantPredicate(!b);
      }
      throw error(
          u.position(),
          "'not' applies to a condition, got "
              + describe(inner)
              + "; 'not' binds tighter than comparisons, so write not (a > 1)");
    }
    if (node instanceof Syntax.Binary b && isComparison(b.op())) {
      return compare(b);
    }
    if (node instanceof Syntax.Range r) {
      return range(r);
    }
    if (node instanceof Syntax.In in) {
      return in(in);
    }
    if (node instanceof Syntax.Like like) {
      return like(like);
    }
    if (node instanceof Syntax.IsNull isNull) {
      return new NullPredicate(resolve(isNull.field()), isNull.negated());
    }
    if (node instanceof Syntax.Call call && !call.function().equals("array_length")) {
      return contains(call);
    }
    Object value = operandOrConstant(node, false);
    if (value instanceof Boolean b) {
      return new ConstantPredicate(b);
    }
    throw error(
        node.position(),
        "expected a condition (a comparison, in, like, is null or a"
            + " contains function), got "
            + describe(value)
            + (value instanceof Operand o && o.type() == ValueType.BOOL
                ? "; compare it: " + o + " == true"
                : ""));
  }

  /**
   * The operands of a chain of one logical operator, in order. A chain is a left-deep tree as
   * long as the expression, so it is walked with a stack of its own, not the thread's.
   */
  private void flatten(String op, Syntax node, List<Predicate> out) {
    Deque<Syntax> pending = new ArrayDeque<>();
    pending.push(node);
    while (!pending.isEmpty()) {
      Syntax next = pending.pop();
      if (next instanceof Syntax.Binary b && b.op().equals(op)) {
        pending.push(b.right());
        pending.push(b.left());
      } else {
        out.add(predicate(next));
      }
    }
  }

  private static boolean isComparison(String op) {
    return switch (op) {
      case "==", "!=", "<", "<=", ">", ">=" -> true;
      default -> false;
    };
  }

  private static boolean isCondition(Syntax node) {
    return node instanceof Syntax.Range
        || node instanceof Syntax.In
        || node instanceof Syntax.Like
        || node instanceof Syntax.IsNull
        || (node instanceof Syntax.Call c && !c.function().equals("array_length"))
        || (node instanceof Syntax.Unary u && u.op().equals("not"))
        || (node instanceof Syntax.Binary b
            && (isComparison(b.op()) || b.op().equals("and") || b.op().equals("or")));
  }

  private Predicate compare(Syntax.Binary b) {
    Object left = operandOrConstant(b.left(), false);
    Object right = operandOrConstant(b.right(), false);
    String op = b.op();
    if (!(left instanceof Operand) && !(right instanceof Operand)) {
      return new ConstantPredicate(foldComparison(b.position(), op, left, right));
    }
    if (left instanceof Operand l && right instanceof Operand r) {
      return compareOperands(b.position(), op, l, r);
    }
    Operand operand = left instanceof Operand o ? o : (Operand) right;
    Object constant = left instanceof Operand ? right : left;
    if (!(left instanceof Operand)) {
      op = flip(op);
    }
    checkComparable(b.position(), "'" + b.op() + "'", operand, constant, op);
    ValueRange range =
        switch (op) {
          case "==", "!=" -> rangeOf(constant, true, constant, true);
          case "<" -> rangeOf(null, false, constant, false);
          case "<=" -> rangeOf(null, false, constant, true);
          case ">" -> rangeOf(constant, false, null, false);
          default -> rangeOf(constant, true, null, false);
        };
    return new ComparePredicate(
        operand, range, op.equals("!="), operand + " " + op + " " + Literals.format(constant));
  }

  private Predicate compareOperands(int position, String op, Operand left, Operand right) {
    String what = "'" + op + "'";
    checkScalarOperand(position, what, left);
    checkScalarOperand(position, what, right);
    if (left.type() == ValueType.JSON || right.type() == ValueType.JSON) {
      throw error(
          position,
          what
              + " between "
              + left.describe()
              + " and "
              + right.describe()
              + " is not supported; compare a JSON value with a constant");
    }
    boolean sameKind =
        left.type() == right.type() || left.type().isNumeric() && right.type().isNumeric();
    if (!sameKind) {
      throw error(
          position, what + " cannot compare " + left.describe() + " with " + right.describe());
    }
    if (left.type() == ValueType.BOOL && !(op.equals("==") || op.equals("!="))) {
      throw error(position, what + " cannot order booleans; compare BOOL values with == or !=");
    }
    return new FieldComparePredicate(left, op, right);
  }

  private static String flip(String op) {
    return switch (op) {
      case "<" -> ">";
      case "<=" -> ">=";
      case ">" -> "<";
      case ">=" -> "<=";
      default -> op;
    };
  }

  private static ValueRange rangeOf(Object lo, boolean loInc, Object hi, boolean hiInc) {
    Object sample = lo != null ? lo : hi;
    if (sample instanceof Boolean b) {
      return ValueRange.bool(b);
    }
    if (sample instanceof String) {
      return ValueRange.string((String) lo, loInc, (String) hi, hiInc);
    }
    return ValueRange.numeric((Number) lo, loInc, (Number) hi, hiInc);
  }

  private void checkComparable(
      int position, String what, Operand operand, Object constant, String op) {
    checkScalarOperand(position, what, operand);
    ValueType type = operand.type();
    boolean ok =
        switch (type) {
          case INTEGER, FLOAT -> constant instanceof Long || constant instanceof Double;
          case STRING -> constant instanceof String;
          case BOOL -> constant instanceof Boolean;
          default ->
              constant instanceof Long
                  || constant instanceof Double
                  || constant instanceof String
                  || constant instanceof Boolean;
        };
    if (!ok) {
      String expected =
          switch (type) {
            case INTEGER, FLOAT -> "a number";
            case STRING -> "a string";
            case BOOL -> "true or false";
            default -> "a number, a string or a boolean";
          };
      throw error(
          position,
          what
              + " cannot compare "
              + operand.describe()
              + " with "
              + Literals.kind(constant)
              + " "
              + Literals.format(constant)
              + "; expected "
              + expected);
    }
    if (constant instanceof Boolean && !(op.equals("==") || op.equals("!="))) {
      throw error(
          position,
          what
              + " cannot order booleans; "
              + operand.describe()
              + " supports only == and != with true or false");
    }
  }

  /** Whole ARRAY fields and whole JSON documents cannot be compared, as in Milvus. */
  private void checkScalarOperand(int position, String what, Operand operand) {
    if (operand.type() == ValueType.ARRAY) {
      throw error(
          position,
          what
              + " cannot be applied to "
              + operand.describe()
              + " as a whole;"
              + " use an element ("
              + operand
              + "[0]) or array_contains");
    }
    if (operand instanceof FieldOperand f && f.type() == ValueType.JSON
        || operand instanceof JsonPathOperand j && j.path().isEmpty()) {
      throw error(
          position,
          what
              + " cannot be applied to a whole JSON document; use a key,"
              + " e.g. "
              + operand
              + "[\"key\"]");
    }
  }

  private boolean foldComparison(int position, String op, Object left, Object right) {
    int c;
    if (left instanceof Number l && right instanceof Number r) {
      c =
          l instanceof Long && r instanceof Long
              ? Long.compare((Long) l, (Long) r)
              : Double.compare(l.doubleValue(), r.doubleValue());
    } else if (left instanceof String l && right instanceof String r) {
      c = ValueRange.compare(l, r);
    } else if (left instanceof Boolean l
        && right instanceof Boolean r
        && (op.equals("==") || op.equals("!="))) {
      c = l.equals(r) ? 0 : 1;
    } else {
      throw error(
          position,
          "'" + op + "' cannot compare " + Literals.kind(left) + " with " + Literals.kind(right));
    }
    return switch (op) {
      case "==" -> c == 0;
      case "!=" -> c != 0;
      case "<" -> c < 0;
      case "<=" -> c <= 0;
      case ">" -> c > 0;
      default -> c >= 0;
    };
  }

  private Predicate range(Syntax.Range r) {
    Operand operand = resolve(r.field());
    Object lo = constant(r.lower(), "the lower bound of a range");
    Object hi = constant(r.upper(), "the upper bound of a range");
    checkComparable(r.position(), "a range", operand, lo, "<");
    checkComparable(r.position(), "a range", operand, hi, "<");
    boolean bothNumbers = lo instanceof Number && hi instanceof Number;
    if (!bothNumbers && !(lo instanceof String && hi instanceof String)) {
      throw error(
          r.position(),
          "range bounds must be both numbers or both strings, got "
              + Literals.kind(lo)
              + " and "
              + Literals.kind(hi));
    }
    int c =
        bothNumbers
            ? (lo instanceof Long && hi instanceof Long
                ? Long.compare((Long) lo, (Long) hi)
                : Double.compare(((Number) lo).doubleValue(), ((Number) hi).doubleValue()))
            : ValueRange.compare((String) lo, (String) hi);
    if (c > 0 || (c == 0 && !(r.lowerInclusive() && r.upperInclusive()))) {
      throw error(
          r.position(),
          "invalid range: lower bound "
              + Literals.format(lo)
              + " is not below upper bound "
              + Literals.format(hi));
    }
    String text =
        Literals.format(lo)
            + (r.lowerInclusive() ? " <= " : " < ")
            + operand
            + (r.upperInclusive() ? " <= " : " < ")
            + Literals.format(hi);
    return new ComparePredicate(
        operand, rangeOf(lo, r.lowerInclusive(), hi, r.upperInclusive()), false, text);
  }

  private Predicate in(Syntax.In in) {
    Object left = operandOrConstant(in.value(), false);
    if (!(left instanceof Operand operand)) {
      throw error(in.position(), "'in' needs a field on its left, got " + describe(left));
    }
    checkScalarOperand(in.position(), "'in'", operand);
    Object right = constant(in.list(), "the right side of 'in'");
    if (!(right instanceof List<?> list)) {
      throw error(
          in.list().position(),
          "the right side of 'in' must be a list such as [1, 2]," + " got " + Literals.kind(right));
    }
    List<Object> values = new ArrayList<>(list);
    for (Object value : values) {
      checkElement(in.list().position(), "'in'", operand.type(), operand.describe(), value);
    }
    InPredicate predicate = new InPredicate(operand, new ValueSet(values), List.copyOf(values));
    return in.negated() ? new NotPredicate(predicate, "not in") : predicate;
  }

  /** Milvus casts list values to the field type: integers only for integer fields. */
  private void checkElement(
      int position, String what, ValueType type, String target, Object value) {
    boolean ok =
        switch (type) {
          case INTEGER -> value instanceof Long;
          case FLOAT -> value instanceof Long || value instanceof Double;
          case STRING -> value instanceof String;
          case BOOL -> value instanceof Boolean;
          default -> !(value instanceof List<?>);
        };
    if (!ok) {
      throw error(
          position,
          what
              + " value "
              + Literals.format(value)
              + " is "
              + Literals.kind(value)
              + " and cannot be matched against "
              + target);
    }
  }

  private Predicate like(Syntax.Like like) {
    Object left = operandOrConstant(like.value(), false);
    if (!(left instanceof Operand operand)
        || !(operand.type() == ValueType.STRING || operand instanceof JsonPathOperand)) {
      throw error(
          like.position(), "LIKE applies to VARCHAR fields and JSON values, got " + describe(left));
    }
    checkScalarOperand(like.position(), "LIKE", operand);
    LikePattern pattern = LikePattern.compile(like.pattern());
    if (pattern == null) {
      throw error(like.position(), "invalid LIKE pattern: a trailing backslash escapes nothing");
    }
    return new LikePredicate(operand, pattern);
  }

  private Predicate contains(Syntax.Call call) {
    String function = call.function();
    ContainsPredicate.Mode mode =
        function.endsWith("_all")
            ? ContainsPredicate.Mode.ALL
            : function.endsWith("_any") ? ContainsPredicate.Mode.ANY : ContainsPredicate.Mode.ONE;
    if (call.args().size() != 2) {
      throw error(
          call.position(),
          function
              + " takes 2 arguments (a field, "
              + (mode == ContainsPredicate.Mode.ONE ? "a value" : "a list")
              + "), got "
              + call.args().size());
    }
    Operand array = containerOperand(call, call.args().get(0));
    Object argument = constant(call.args().get(1), "the second argument of " + function);
    List<Object> values;
    if (mode == ContainsPredicate.Mode.ONE) {
      values = List.of(argument);
    } else if (argument instanceof List<?> list) {
      values = List.copyOf(list);
    } else {
      throw error(
          call.args().get(1).position(),
          function
              + " needs a list as its second argument,"
              + " e.g. "
              + function
              + "("
              + array
              + ", [1, 2]), got "
              + Literals.kind(argument));
    }
    if (array instanceof FieldOperand f && f.type() == ValueType.ARRAY) {
      ValueType element = ValueType.of(f.field().elementType());
      for (Object value : values) {
        checkElement(
            call.args().get(1).position(),
            function,
            element,
            "the " + f.field().elementType() + " elements of " + array.describe(),
            value);
      }
    }
    return new ContainsPredicate(function, array, mode, values, new ValueSet(values));
  }

  /** The first argument of contains functions and array_length: an ARRAY field or JSON value. */
  private Operand containerOperand(Syntax.Call call, Syntax argument) {
    Object value = operandOrConstant(argument, false);
    if (value instanceof Operand operand
        && (operand.type() == ValueType.ARRAY || operand.type() == ValueType.JSON)) {
      return operand;
    }
    throw error(
        argument.position(),
        call.function() + " applies to ARRAY fields and JSON values," + " got " + describe(value));
  }

  // ---- values -----------------------------------------------------------------------------

  /** A constant (Long, Double, String, Boolean, List) for the given place, or an error. */
  private Object constant(Syntax node, String place) {
    Object value = operandOrConstant(node, false);
    if (value instanceof Operand || value instanceof Predicate) {
      throw error(node.position(), place + " must be a constant, got " + describe(value));
    }
    return value;
  }

  /** An {@link Operand}, a constant, or (when {@code conditionsAllowed}) a {@link Predicate}. */
  private Object operandOrConstant(Syntax node, boolean conditionsAllowed) {
    if (isCondition(node)) {
      if (conditionsAllowed) {
        return predicate(node);
      }
      Predicate p = predicate(node);
      if (p instanceof ConstantPredicate c) {
        return c.value();
      }
      return p;
    }
    if (node instanceof Syntax.Literal l) {
      if (l.value() instanceof BigInteger) {
        throw error(l.position(), "integer 9223372036854775808 does not fit in INT64");
      }
      return l.value();
    }
    if (node instanceof Syntax.ListLiteral list) {
      List<Object> items = new ArrayList<>();
      for (Syntax item : list.items()) {
        items.add(constant(item, "a list element"));
      }
      return List.copyOf(items);
    }
    if (node instanceof Syntax.Template t) {
      return template(t);
    }
    if (node instanceof Syntax.Name name) {
      return resolve(name);
    }
    if (node instanceof Syntax.Call call) {
      if (call.args().size() != 1) {
        throw error(
            call.position(), "array_length takes 1 argument (a field), got " + call.args().size());
      }
      if (!(call.args().get(0) instanceof Syntax.Name)) {
        throw error(call.args().get(0).position(), "array_length needs a field or JSON path");
      }
      return new ArrayLengthOperand(containerOperand(call, call.args().get(0)));
    }
    if (node instanceof Syntax.Unary u) {
      return unary(u);
    }
    Syntax.Binary b = (Syntax.Binary) node;
    return arithmetic(b);
  }

  private Object unary(Syntax.Unary u) {
    if (u.op().equals("-")
        && u.operand() instanceof Syntax.Literal l
        && l.value() instanceof BigInteger) {
      return Long.MIN_VALUE;
    }
    Object value = operandOrConstant(u.operand(), false);
    if (value instanceof Long n && u.op().equals("-")) {
      return -n;
    }
    if (value instanceof Double d && u.op().equals("-")) {
      return -d;
    }
    if (value instanceof Number && u.op().equals("+")) {
      return value;
    }
    if (value instanceof Operand o && u.op().equals("+") && o.type().isNumeric()) {
      return value;
    }
    throw error(
        u.position(),
        "unary '"
            + u.op()
            + "' applies only to numeric constants, got "
            + describe(value)
            + (value instanceof Operand ? "; write 0 - x instead of -x" : ""));
  }

  private Object arithmetic(Syntax.Binary b) {
    Object left = operandOrConstant(b.left(), false);
    Object right = operandOrConstant(b.right(), false);
    char op = b.op().charAt(0);
    if (b.op().equals("**")) {
      if (left instanceof Number l && right instanceof Number r) {
        return Math.pow(l.doubleValue(), r.doubleValue());
      }
      throw error(b.position(), "'**' applies only to numeric constants");
    }
    if (left instanceof Number l && right instanceof Number r) {
      return foldArithmetic(b.position(), op, l, r);
    }
    if (left instanceof Operand && right instanceof Operand) {
      throw error(
          b.position(),
          "arithmetic between two fields ("
              + left
              + " "
              + op
              + " "
              + right
              + ") is not supported; one side must be a constant");
    }
    Operand operand = left instanceof Operand o ? o : right instanceof Operand o2 ? o2 : null;
    Object constant = left instanceof Operand ? right : left;
    if (operand == null
        || !(operand.type().isNumeric() || operand instanceof JsonPathOperand)
        || operand instanceof JsonPathOperand j && j.path().isEmpty()) {
      Object bad = operand != null ? operand : (left instanceof Number ? right : left);
      throw error(b.position(), "'" + op + "' needs numbers, got " + describe(bad));
    }
    if (!(constant instanceof Number)) {
      throw error(b.position(), "'" + op + "' needs numbers, got " + describe(constant));
    }
    boolean constantFirst = !(left instanceof Operand);
    if (constantFirst && (op == '/' || op == '%')) {
      throw error(
          b.position(),
          "the divisor of '" + op + "' must be a constant, got " + operand.describe());
    }
    if ((op == '/' || op == '%') && ((Number) constant).doubleValue() == 0) {
      throw error(b.position(), "division by zero: the divisor of '" + op + "' is 0");
    }
    if (op == '%' && (operand.type() == ValueType.FLOAT || constant instanceof Double)) {
      throw error(
          b.position(),
          "'%' applies only to integers, got "
              + operand.describe()
              + " % "
              + Literals.format(constant));
    }
    return new ArithmeticOperand(operand, op, constant, constantFirst);
  }

  private Object foldArithmetic(int position, char op, Number l, Number r) {
    if ((op == '/' || op == '%') && r.doubleValue() == 0) {
      throw error(position, "division by zero: the divisor of '" + op + "' is 0");
    }
    if (l instanceof Long a && r instanceof Long c) {
      return switch (op) {
        case '+' -> a + c;
        case '-' -> a - c;
        case '*' -> a * c;
        case '/' -> a / c;
        default -> a % c;
      };
    }
    if (op == '%') {
      throw error(position, "'%' applies only to integers");
    }
    double a = l.doubleValue();
    double c = r.doubleValue();
    return switch (op) {
      case '+' -> a + c;
      case '-' -> a - c;
      case '*' -> a * c;
      default -> a / c;
    };
  }

  private Object template(Syntax.Template t) {
    if (!templates.containsKey(t.name())) {
      throw error(
          t.position(),
          "template {"
              + t.name()
              + "} has no value; pass it in the"
              + " template values (given: "
              + new TreeSet<>(templates.keySet())
              + ")");
    }
    return templateValue(t, templates.get(t.name()));
  }

  private Object templateValue(Syntax.Template t, Object value) {
    if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Double || value instanceof Float) {
      return ((Number) value).doubleValue();
    }
    if (value instanceof String || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Collection<?> items) {
      List<Object> out = new ArrayList<>();
      for (Object item : items) {
        out.add(templateValue(t, item));
      }
      return List.copyOf(out);
    }
    if (value instanceof Object[] items) {
      return templateValue(t, List.of(items));
    }
    if (value instanceof long[] items) {
      return templateValue(t, java.util.Arrays.stream(items).boxed().toList());
    }
    if (value instanceof int[] items) {
      return templateValue(t, java.util.Arrays.stream(items).boxed().toList());
    }
    throw error(
        t.position(),
        "template {"
            + t.name()
            + "} has a value of type "
            + (value == null ? "null" : value.getClass().getSimpleName())
            + "; expected a number, string, boolean or a list of those");
  }

  // ---- names ------------------------------------------------------------------------------

  Operand resolve(Syntax.Name name) {
    String word = name.name();
    List<Syntax.PathStep> path = name.path();
    if (word.equals(CollectionSchema.DYNAMIC_FIELD)) {
      requireDynamic(name, "$meta");
      return new JsonPathOperand(CollectionSchema.DYNAMIC_FIELD, keys(path));
    }
    FieldSchema field = schema.field(word).orElse(null);
    if (field == null) {
      requireDynamic(name, word);
      List<Object> keys = new ArrayList<>();
      keys.add(word);
      keys.addAll(keys(path));
      return new JsonPathOperand(CollectionSchema.DYNAMIC_FIELD, List.copyOf(keys));
    }
    if (field.type().isVector()) {
      throw error(
          name.position(),
          "vector field '"
              + word
              + "' cannot be used in a filter;"
              + " filters apply to scalar fields");
    }
    if (path.isEmpty()) {
      return new FieldOperand(field);
    }
    if (field.type() == DataType.JSON) {
      return new JsonPathOperand(word, keys(path));
    }
    if (field.type() == DataType.ARRAY) {
      Syntax.PathStep step = path.get(0);
      if (!(step.key() instanceof Long index)) {
        throw error(
            step.position(),
            "ARRAY field '"
                + word
                + "' is indexed by position, e.g. "
                + word
                + "[0]; got key "
                + Literals.format(step.key()));
      }
      if (path.size() > 1) {
        throw error(
            path.get(1).position(),
            "ARRAY field '" + word + "' has one level; write " + word + "[" + index + "]");
      }
      if (index > Integer.MAX_VALUE) {
        throw error(step.position(), "array index " + index + " is too large");
      }
      return new ArrayElementOperand(field, (int) (long) index);
    }
    throw error(
        path.get(0).position(),
        field.type()
            + " field '"
            + word
            + "' cannot be indexed"
            + " with [ ]; only JSON and ARRAY fields can");
  }

  private void requireDynamic(Syntax.Name name, String word) {
    if (!schema.enableDynamicField()) {
      throw error(
          name.position(),
          "unknown field '"
              + word
              + "'; the collection has fields "
              + schema.fields().stream().map(FieldSchema::name).toList()
              + " and no dynamic field");
    }
  }

  private static List<Object> keys(List<Syntax.PathStep> path) {
    return path.stream().map(Syntax.PathStep::key).toList();
  }

  private static String describe(Object value) {
    if (value instanceof Operand o) {
      return o.describe();
    }
    if (value instanceof Predicate p) {
      return "the condition " + p;
    }
    return Literals.kind(value) + " " + Literals.format(value);
  }
}
