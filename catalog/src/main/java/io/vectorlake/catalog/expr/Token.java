package io.vectorlake.catalog.expr;

/**
 * One lexical token of a filter expression.
 *
 * @param text the source text of the token (for strings: the decoded value)
 * @param value the literal's value: Long or BigInteger for integers, Double for floats
 */
record Token(Kind kind, String text, Object value, int position, int end) {

  /** Token categories; keywords are recognised by the parser from {@link #IDENTIFIER}s. */
  enum Kind {
    IDENTIFIER,
    INTEGER,
    FLOAT,
    STRING,
    SYMBOL,
    END
  }

  boolean is(String symbol) {
    return kind == Kind.SYMBOL && text.equals(symbol);
  }

  /** A keyword the way Milvus spells them: all lower or all upper case ("and", "AND"). */
  boolean isKeyword(String lowerCase) {
    return kind == Kind.IDENTIFIER
        && (text.equals(lowerCase) || text.equals(lowerCase.toUpperCase(java.util.Locale.ROOT)));
  }

  String describe() {
    return switch (kind) {
      case END -> "end of expression";
      case STRING -> "string literal";
      case INTEGER, FLOAT -> "number " + text;
      case IDENTIFIER -> "'" + text + "'";
      case SYMBOL -> "'" + text + "'";
    };
  }
}
