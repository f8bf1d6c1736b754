package io.vectorlake.catalog.expr;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** Splits filter-expression text into tokens, decoding literals as Milvus' lexer does. */
final class Lexer {
  private static final String[] SYMBOLS = {
    "==", "!=", "<=", ">=", "&&", "||", "**", "<<", ">>", "<", ">", "+", "-", "*", "/", "%", "(",
    ")", "[", "]", "{", "}", ",", "!", "&", "|", "^", "~", "="
  };

  private final String text;
  private int pos;

  private Lexer(String text) {
    this.text = text;
  }

  static List<Token> tokenize(String text) {
    return new Lexer(text).run();
  }

  private List<Token> run() {
    List<Token> tokens = new ArrayList<>();
    while (true) {
      skipWhitespace();
      if (pos >= text.length()) {
        tokens.add(new Token(Token.Kind.END, "", null, pos, pos));
        return tokens;
      }
      tokens.add(next());
    }
  }

  private void skipWhitespace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        pos++;
      } else {
        return;
      }
    }
  }

  private Token next() {
    int start = pos;
    char c = text.charAt(pos);
    if (c == '"' || c == '\'') {
      return string(start);
    }
    if (Character.isDigit(c)
        || (c == '.' && pos + 1 < text.length() && Character.isDigit(text.charAt(pos + 1)))) {
      return number(start);
    }
    if (isIdentifierStart(c) || (c == '$' && text.startsWith("$meta", pos))) {
      pos += c == '$' ? 5 : 1;
      while (pos < text.length() && isIdentifierPart(text.charAt(pos))) {
        pos++;
      }
      return new Token(Token.Kind.IDENTIFIER, text.substring(start, pos), null, start, pos);
    }
    for (String symbol : SYMBOLS) {
      if (text.startsWith(symbol, pos)) {
        pos += symbol.length();
        return new Token(Token.Kind.SYMBOL, symbol, null, start, pos);
      }
    }
    throw new ExpressionException(text, start, "unexpected character '" + c + "'");
  }

  /**
   * A string literal. "\%" and "\_" are kept as written, for LIKE patterns (as Milvus prepares
   * them); the token's value is the position of the first such escape, which other uses reject.
   */
  private Token string(int start) {
    Integer likeEscape = null;
    char quote = text.charAt(pos++);
    StringBuilder value = new StringBuilder();
    while (true) {
      if (pos >= text.length() || text.charAt(pos) == '\n' || text.charAt(pos) == '\r') {
        throw new ExpressionException(
            text, start, "unterminated string literal; expected a closing " + quote);
      }
      char c = text.charAt(pos++);
      if (c == quote) {
        break;
      }
      if (c != '\\') {
        value.append(c);
        continue;
      }
      if (escape(value) && likeEscape == null) {
        likeEscape = pos - 2;
      }
    }
    return new Token(Token.Kind.STRING, value.toString(), likeEscape, start, pos);
  }

  /** Decodes one escape; true when it is a LIKE escape kept as written. */
  private boolean escape(StringBuilder value) {
    int at = pos - 1;
    if (pos >= text.length()) {
      throw new ExpressionException(text, at, "unterminated escape sequence");
    }
    char e = text.charAt(pos++);
    switch (e) {
      case 'a' -> value.append('\u0007');
      case 'b' -> value.append('\b');
      case 'f' -> value.append('\f');
      case 'n' -> value.append('\n');
      case 'r' -> value.append('\r');
      case 't' -> value.append('\t');
      case 'v' -> value.append('\u000b');
      case '\\', '\'', '"' -> value.append(e);
      case 'x' -> value.appendCodePoint(hex(at, 2));
      case 'u' -> value.appendCodePoint(hex(at, 4));
      case 'U' -> value.appendCodePoint(hex(at, 8));
      case '%', '_' -> {
        value.append('\\').append(e);
        return true;
      }
      default -> {
        if (e >= '0' && e <= '7') {
          if (pos + 1 >= text.length()
              || !isOctal(text.charAt(pos))
              || !isOctal(text.charAt(pos + 1))) {
            throw new ExpressionException(
                text, at, "octal escape needs three octal digits, e.g. \\101");
          }
          int code = Integer.parseInt(text.substring(pos - 1, pos + 2), 8);
          if (code > 255) {
            throw new ExpressionException(text, at, "octal escape value > 255");
          }
          pos += 2;
          value.append((char) code);
        } else {
          throw new ExpressionException(
              text,
              at,
              "unknown escape sequence \\"
                  + e
                  + "; expected one of \\n \\t \\r \\\\ \\' \\\" \\xhh \\uhhhh");
        }
      }
    }
    return false;
  }

  private int hex(int at, int digits) {
    if (pos + digits > text.length()) {
      throw new ExpressionException(text, at, "escape needs " + digits + " hex digits");
    }
    String hex = text.substring(pos, pos + digits);
    for (int i = 0; i < hex.length(); i++) {
      if (Character.digit(hex.charAt(i), 16) < 0) {
        throw new ExpressionException(text, at, "escape needs " + digits + " hex digits");
      }
    }
    pos += digits;
    long code = Long.parseLong(hex, 16);
    if (code > Character.MAX_CODE_POINT) {
      throw new ExpressionException(text, at, "escape is not a valid Unicode code point");
    }
    return (int) code;
  }

  private Token number(int start) {
    if (text.startsWith("0x", pos) || text.startsWith("0X", pos)) {
      return radix(start, 16, 2);
    }
    if (text.startsWith("0b", pos) || text.startsWith("0B", pos)) {
      return radix(start, 2, 2);
    }
    while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
      pos++;
    }
    boolean floating = false;
    if (pos < text.length() && text.charAt(pos) == '.') {
      floating = true;
      pos++;
      while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
        pos++;
      }
    }
    if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
      int mark = pos;
      pos++;
      if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
        pos++;
      }
      if (pos < text.length() && Character.isDigit(text.charAt(pos))) {
        floating = true;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
          pos++;
        }
      } else {
        pos = mark;
      }
    }
    String literal = text.substring(start, pos);
    if (pos < text.length() && isIdentifierPart(text.charAt(pos))) {
      throw new ExpressionException(
          text, start, "malformed number '" + literal + text.charAt(pos) + "'");
    }
    if (floating) {
      return new Token(Token.Kind.FLOAT, literal, Double.parseDouble(literal), start, pos);
    }
    if (literal.length() > 1 && literal.charAt(0) == '0') {
      for (int i = 1; i < literal.length(); i++) {
        if (!isOctal(literal.charAt(i))) {
          throw new ExpressionException(
              text, start, "malformed octal number '" + literal + "' (a leading 0 means octal)");
        }
      }
      return integer(start, literal, new BigInteger(literal.substring(1), 8));
    }
    return integer(start, literal, new BigInteger(literal));
  }

  private Token radix(int start, int radix, int prefix) {
    pos += prefix;
    int digits = pos;
    while (pos < text.length() && Character.digit(text.charAt(pos), radix) >= 0) {
      pos++;
    }
    String literal = text.substring(start, pos);
    if (pos == digits || (pos < text.length() && isIdentifierPart(text.charAt(pos)))) {
      throw new ExpressionException(text, start, "malformed number '" + literal + "'");
    }
    return integer(start, literal, new BigInteger(text.substring(digits, pos), radix));
  }

  private Token integer(int start, String literal, BigInteger value) {
    // 2^63 is kept as a BigInteger: only "-9223372036854775808" may use it.
    if (value.bitLength() > 63 && !value.equals(BigInteger.ONE.shiftLeft(63))) {
      throw new ExpressionException(text, start, "integer " + literal + " does not fit in INT64");
    }
    Object boxed = value.bitLength() <= 63 ? (Object) value.longValue() : value;
    return new Token(Token.Kind.INTEGER, literal, boxed, start, pos);
  }

  private static boolean isOctal(char c) {
    return c >= '0' && c <= '7';
  }

  private static boolean isIdentifierStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  private static boolean isIdentifierPart(char c) {
    return isIdentifierStart(c) || (c >= '0' && c <= '9');
  }
}
