package io.vectorlake.catalog.expr;

import java.util.List;

/** The parse tree of a filter expression, before it is checked against a schema. */
sealed interface Syntax {
  /** Where the node (or its operator) starts, for messages. */
  int position();

  /** A literal: Long, BigInteger (only 2^63, awaiting a minus), Double, String or Boolean. */
  record Literal(int position, Object value) implements Syntax {}

  record ListLiteral(int position, List<Syntax> items) implements Syntax {}

  record Template(int position, String name) implements Syntax {}

  /** A field, dynamic key or {@code $meta}, with its {@code ["key"]} / {@code [0]} path. */
  record Name(int position, String name, List<PathStep> path) implements Syntax {}

  /** One {@code [...]} step: a String key or a Long index. */
  record PathStep(int position, Object key) {}

  record Call(int position, String function, List<Syntax> args) implements Syntax {}

  /** op is "-", "+" or "not". */
  record Unary(int position, String op, Syntax operand) implements Syntax {}

  /** Arithmetic (+ - * / % **), comparison (== != < <= > >=) or logic ("and", "or"). */
  record Binary(int position, String op, Syntax left, Syntax right) implements Syntax {}

  /** {@code lower <(=) field <(=) upper}, reverse forms already turned around. */
  record Range(
      int position,
      Syntax lower,
      boolean lowerInclusive,
      Name field,
      Syntax upper,
      boolean upperInclusive)
      implements Syntax {}

  record In(int position, Syntax value, Syntax list, boolean negated) implements Syntax {}

  /** pattern keeps the LIKE escapes "\%" and "\_". */
  record Like(int position, Syntax value, String pattern) implements Syntax {}

  record IsNull(int position, Name field, boolean negated) implements Syntax {}
}
