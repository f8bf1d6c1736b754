package io.vectorlake.catalog.expr;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recursive-descent parser for Milvus' filter grammar (planparserv2 Plan.g4). Precedence, lowest
 * first: or; and; == !=; < <= > >= and ranges; in / not in; + -; * / %; unary + - not !; **; like.
 * As in Milvus, {@code not} binds tighter than comparisons: write {@code not (a > 1)}.
 */
final class Parser {
  static final Set<String> FUNCTIONS =
      Set.of(
          "json_contains",
          "json_contains_all",
          "json_contains_any",
          "array_contains",
          "array_contains_all",
          "array_contains_any",
          "array_length");
  static final int MAX_DEPTH = 200;

  private final String text;
  private final List<Token> tokens;
  private int index;
  private int depth;

  private Parser(String text) {
    this.text = text;
    this.tokens = Lexer.tokenize(text);
  }

  static Syntax parse(String text) {
    Parser parser = new Parser(text);
    if (parser.peek().kind() == Token.Kind.END) {
      throw new ExpressionException(text, 0, "empty expression; expected a condition");
    }
    Syntax root = parser.or();
    Token rest = parser.peek();
    if (rest.kind() != Token.Kind.END) {
      throw parser.unexpected(rest, "an operator or the end of the expression" + keywordHint(rest));
    }
    return root;
  }

  private static String keywordHint(Token token) {
    if (token.kind() != Token.Kind.IDENTIFIER) {
      return "";
    }
    String lower = token.text().toLowerCase(Locale.ROOT);
    if (Set.of("and", "or", "not", "in", "like", "is").contains(lower)) {
      return " (keywords are spelled all lower or all upper case, e.g. '"
          + lower
          + "' or '"
          + lower.toUpperCase(Locale.ROOT)
          + "')";
    }
    return "";
  }

  private Syntax or() {
    Syntax left = and();
    while (peek().is("||") || peek().isKeyword("or")) {
      Token op = advance();
      left = new Syntax.Binary(op.position(), "or", left, and());
    }
    return left;
  }

  private Syntax and() {
    Syntax left = bitwise();
    while (peek().is("&&") || peek().isKeyword("and")) {
      Token op = advance();
      left = new Syntax.Binary(op.position(), "and", left, bitwise());
    }
    return left;
  }

  private Syntax bitwise() {
    Syntax left = equality();
    Token op = peek();
    if (op.is("&") || op.is("|") || op.is("^")) {
      throw new ExpressionException(
          text,
          op.position(),
          "bitwise operator '"
              + op.text()
              + "' is not supported"
              + (op.is("&") ? "; for logical and write 'and' or '&&'" : "")
              + (op.is("|") ? "; for logical or write 'or' or '||'" : ""));
    }
    return left;
  }

  private Syntax equality() {
    Syntax left = relational();
    while (peek().is("==") || peek().is("!=")) {
      Token op = advance();
      left = new Syntax.Binary(op.position(), op.text(), left, relational());
    }
    if (peek().is("=")) {
      throw new ExpressionException(
          text, peek().position(), "'=' is not an operator; write '==' to compare");
    }
    return left;
  }

  private Syntax relational() {
    Syntax left = membership();
    while (isRelational(peek())) {
      Token op = advance();
      Syntax middle = membership();
      if (isRelational(peek())) {
        Token op2 = advance();
        Syntax upper = membership();
        left = range(left, op, middle, op2, upper);
      } else {
        left = new Syntax.Binary(op.position(), op.text(), left, middle);
      }
    }
    return left;
  }

  private Syntax range(Syntax first, Token op1, Syntax middle, Token op2, Syntax last) {
    boolean ascending = op1.text().startsWith("<");
    if (ascending != op2.text().startsWith("<")) {
      throw new ExpressionException(
          text,
          op2.position(),
          "a chained range needs both operators pointing the same way,"
              + " e.g. 1 < x <= 5 or 5 >= x > 1; got '"
              + op1.text()
              + "' then '"
              + op2.text()
              + "'");
    }
    if (!(middle instanceof Syntax.Name field)) {
      throw new ExpressionException(
          text, middle.position(), "the middle of a chained range must be a field, e.g. 1 < x < 5");
    }
    boolean firstInclusive = op1.text().endsWith("=");
    boolean lastInclusive = op2.text().endsWith("=");
    return ascending
        ? new Syntax.Range(op1.position(), first, firstInclusive, field, last, lastInclusive)
        : new Syntax.Range(op1.position(), last, lastInclusive, field, first, firstInclusive);
  }

  private static boolean isRelational(Token token) {
    return token.is("<") || token.is("<=") || token.is(">") || token.is(">=");
  }

  private Syntax membership() {
    Syntax left = additive();
    while (true) {
      Token token = peek();
      if (token.isKeyword("in")) {
        advance();
        left = new Syntax.In(token.position(), left, additive(), false);
      } else if (token.isKeyword("not") && peek(1).isKeyword("in")) {
        advance();
        advance();
        left = new Syntax.In(token.position(), left, additive(), true);
      } else if (token.is("<<") || token.is(">>")) {
        throw new ExpressionException(
            text, token.position(), "shift operator '" + token.text() + "' is not supported");
      } else {
        return left;
      }
    }
  }

  private Syntax additive() {
    Syntax left = multiplicative();
    while (peek().is("+") || peek().is("-")) {
      Token op = advance();
      left = new Syntax.Binary(op.position(), op.text(), left, multiplicative());
    }
    return left;
  }

  private Syntax multiplicative() {
    Syntax left = unary();
    while (peek().is("*") || peek().is("/") || peek().is("%")) {
      Token op = advance();
      left = new Syntax.Binary(op.position(), op.text(), left, unary());
    }
    return left;
  }

  private Syntax unary() {
    Token token = peek();
    if (token.is("-") || token.is("+") || token.is("!") || token.isKeyword("not")) {
      advance();
      enter(token);
      Syntax operand = unary();
      depth--;
      String op = token.is("-") || token.is("+") ? token.text() : "not";
      return new Syntax.Unary(token.position(), op, operand);
    }
    if (token.is("~")) {
      throw new ExpressionException(
          text, token.position(), "bitwise operator '~' is not supported");
    }
    return power();
  }

  private Syntax power() {
    Syntax left = like();
    if (peek().is("**")) {
      Token op = advance();
      return new Syntax.Binary(op.position(), "**", left, unary());
    }
    return left;
  }

  private Syntax like() {
    Syntax left = primary();
    while (peek().isKeyword("like")) {
      Token op = advance();
      Token pattern = advance();
      if (pattern.kind() != Token.Kind.STRING) {
        throw unexpected(pattern, "a string pattern after LIKE, e.g. name like \"ab%\"");
      }
      left = new Syntax.Like(op.position(), left, pattern.text());
    }
    return left;
  }

  private Syntax primary() {
    Token token = advance();
    switch (token.kind()) {
      case INTEGER, FLOAT:
        return new Syntax.Literal(token.position(), token.value());
      case STRING:
        return new Syntax.Literal(token.position(), plainString(token));
      case IDENTIFIER:
        return identifier(token);
      case END:
        throw unexpected(token, "a field, a value or '('");
      default:
        break;
    }
    if (token.is("(")) {
      enter(token);
      Syntax inner = or();
      depth--;
      expect(")", "')' to close the '(' at position " + token.position());
      return inner;
    }
    if (token.is("[")) {
      return list(token);
    }
    if (token.is("{")) {
      Token name = advance();
      if (name.kind() != Token.Kind.IDENTIFIER) {
        throw unexpected(name, "a template name after '{', e.g. {min_age}");
      }
      expect("}", "'}' to close the template {" + name.text());
      return new Syntax.Template(token.position(), name.text());
    }
    throw unexpected(token, "a field, a value or '('");
  }

  private Syntax list(Token open) {
    List<Syntax> items = new ArrayList<>();
    enter(open);
    while (!peek().is("]")) {
      items.add(or());
      if (peek().is(",")) {
        advance();
      } else if (!peek().is("]")) {
        throw unexpected(peek(), "',' or ']' in the list opened at position " + open.position());
      }
    }
    depth--;
    advance();
    return new Syntax.ListLiteral(open.position(), List.copyOf(items));
  }

  private Syntax identifier(Token token) {
    String word = token.text();
    if (isBoolean(word)) {
      return new Syntax.Literal(
          token.position(), Boolean.parseBoolean(word.toLowerCase(Locale.ROOT)));
    }
    String lower = word.toLowerCase(Locale.ROOT);
    if (peek().is("(")
        && FUNCTIONS.contains(lower)
        && (word.equals(lower) || word.equals(word.toUpperCase(Locale.ROOT)))) {
      return call(token, lower);
    }
    if (peek().is("(")) {
      throw new ExpressionException(
          text,
          token.position(),
          "unknown function '"
              + word
              + "'; expected one of "
              + FUNCTIONS.stream().sorted().toList());
    }
    List<Syntax.PathStep> path = new ArrayList<>();
    while (peek().is("[")) {
      Token open = advance();
      Token key = advance();
      if (key.kind() == Token.Kind.STRING) {
        if (key.text().isEmpty()) {
          throw new ExpressionException(text, key.position(), "a JSON key must not be empty");
        }
        path.add(new Syntax.PathStep(key.position(), plainString(key)));
      } else if (key.kind() == Token.Kind.INTEGER
          && key.value() instanceof Long n
          && !key.text().startsWith("0x")
          && !key.text().startsWith("0b")) {
        path.add(new Syntax.PathStep(key.position(), n));
      } else {
        throw unexpected(
            key, "a quoted JSON key or an integer index inside '[' at position " + open.position());
      }
      expect("]", "']' to close the '[' at position " + open.position());
    }
    Syntax.Name name = new Syntax.Name(token.position(), word, List.copyOf(path));
    if (peek().isKeyword("is")) {
      Token is = advance();
      boolean negated = false;
      if (peek().isKeyword("not")) {
        advance();
        negated = true;
      }
      if (!peek().isKeyword("null")) {
        throw unexpected(peek(), "'null' after '" + (negated ? "is not" : "is") + "'");
      }
      advance();
      return new Syntax.IsNull(is.position(), name, negated);
    }
    return name;
  }

  private Syntax call(Token name, String function) {
    Token open = advance();
    enter(open);
    List<Syntax> args = new ArrayList<>();
    if (!peek().is(")")) {
      args.add(or());
      while (peek().is(",")) {
        advance();
        args.add(or());
      }
    }
    depth--;
    expect(")", "',' or ')' to close the call to " + function);
    return new Syntax.Call(name.position(), function, List.copyOf(args));
  }

  /** A string outside LIKE: the escapes "\%" and "\_" mean nothing there. */
  private String plainString(Token token) {
    if (token.value() instanceof Integer at) {
      throw new ExpressionException(
          text, at, "escape " + text.substring(at, at + 2) + " is only allowed in a LIKE pattern");
    }
    return token.text();
  }

  static boolean isBoolean(String word) {
    return Set.of("true", "True", "TRUE", "false", "False", "FALSE").contains(word);
  }

  private void enter(Token token) {
    if (++depth > MAX_DEPTH) {
      throw new ExpressionException(
          text, token.position(), "expression nests deeper than " + MAX_DEPTH + " levels");
    }
  }

  private Token peek() {
    return tokens.get(index);
  }

  private Token peek(int ahead) {
    return tokens.get(Math.min(index + ahead, tokens.size() - 1));
  }

  private Token advance() {
    Token token = tokens.get(index);
    if (token.kind() != Token.Kind.END) {
      index++;
    }
    return token;
  }

  private void expect(String symbol, String expected) {
    Token token = advance();
    if (!token.is(symbol)) {
      throw unexpected(token, expected);
    }
  }

  private ExpressionException unexpected(Token token, String expected) {
    return new ExpressionException(
        text, token.position(), "expected " + expected + ", got " + token.describe());
  }

  static boolean isMinInt64(Object value) {
    return value instanceof BigInteger;
  }
}
