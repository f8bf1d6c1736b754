package io.vectorlake.catalog.expr;

/**
 * A compiled LIKE pattern: {@code %} matches any run of characters, {@code _} exactly one (code
 * point), a backslash makes the next character literal. Exact, prefix, suffix and infix patterns
 * use plain String methods; others a backtracking matcher. No regular expressions.
 */
final class LikePattern {
  private static final int ANY_RUN = -1;
  private static final int ANY_ONE = -2;

  private enum Shape {
    EXACT,
    PREFIX,
    SUFFIX,
    INFIX,
    GENERAL
  }

  private final String source;
  private final int[] tokens;
  private final Shape shape;
  private final String literal;

  private LikePattern(String source, int[] tokens, Shape shape, String literal) {
    this.source = source;
    this.tokens = tokens;
    this.shape = shape;
    this.literal = literal;
  }

  /** Compiles a pattern; returns null when it ends in a lone backslash (nothing to escape). */
  static LikePattern compile(String pattern) {
    int[] buffer = new int[pattern.length()];
    int n = 0;
    for (int i = 0; i < pattern.length(); ) {
      int c = pattern.codePointAt(i);
      i += Character.charCount(c);
      if (c == '\\') {
        if (i >= pattern.length()) {
          return null;
        }
        c = pattern.codePointAt(i);
        i += Character.charCount(c);
        buffer[n++] = c;
      } else {
        buffer[n++] = c == '%' ? ANY_RUN : c == '_' ? ANY_ONE : c;
      }
    }
    int[] tokens = java.util.Arrays.copyOf(buffer, n);
    int first = 0;
    while (first < n && tokens[first] == ANY_RUN) {
      first++;
    }
    int last = n;
    while (last > first && tokens[last - 1] == ANY_RUN) {
      last--;
    }
    for (int i = first; i < last; i++) {
      if (tokens[i] < 0) {
        return new LikePattern(pattern, tokens, Shape.GENERAL, null);
      }
    }
    StringBuilder literal = new StringBuilder();
    for (int i = first; i < last; i++) {
      literal.appendCodePoint(tokens[i]);
    }
    boolean leading = first > 0;
    boolean trailing = last < n;
    Shape shape =
        leading && trailing
            ? Shape.INFIX
            : leading ? Shape.SUFFIX : trailing ? Shape.PREFIX : Shape.EXACT;
    return new LikePattern(pattern, tokens, shape, literal.toString());
  }

  boolean matches(String s) {
    if (s == null) {
      return false;
    }
    return switch (shape) {
      case EXACT -> s.equals(literal);
      case PREFIX -> s.startsWith(literal);
      case SUFFIX -> s.endsWith(literal);
      case INFIX -> s.contains(literal);
      case GENERAL -> general(s);
    };
  }

  private boolean general(String s) {
    int p = 0;
    int t = 0;
    int starP = -1;
    int starT = -1;
    while (t < s.length()) {
      int c = s.codePointAt(t);
      if (p < tokens.length && (tokens[p] == ANY_ONE || tokens[p] == c)) {
        t += Character.charCount(c);
        p++;
      } else if (p < tokens.length && tokens[p] == ANY_RUN) {
        starP = p++;
        starT = t;
      } else if (starP >= 0) {
        p = starP + 1;
        starT += Character.charCount(s.codePointAt(starT));
        t = starT;
      } else {
        return false;
      }
    }
    while (p < tokens.length && tokens[p] == ANY_RUN) {
      p++;
    }
    return p == tokens.length;
  }

  @Override
  public String toString() {
    return source;
  }
}
