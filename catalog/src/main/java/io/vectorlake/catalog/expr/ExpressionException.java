package io.vectorlake.catalog.expr;

/** A filter expression is malformed or does not fit the collection schema; says where and why. */
public class ExpressionException extends IllegalArgumentException {
  private final int position;
  private final String reason;

  ExpressionException(String text, int position, String reason) {
    super(format(text, position, reason));
    this.position = position;
    this.reason = reason;
  }

  /** 0-based character offset in the expression text where the problem starts. */
  public int position() {
    return position;
  }

  /** The message without the position and excerpt. */
  public String reason() {
    return reason;
  }

  private static String format(String text, int position, String reason) {
    int from = Math.max(0, position - 30);
    int to = Math.min(text.length(), position + 30);
    String excerpt =
        (from > 0 ? "..." : "") + text.substring(from, to) + (to < text.length() ? "..." : "");
    int caret = position - from + (from > 0 ? 3 : 0);
    return "filter expression error at position "
        + position
        + ": "
        + reason
        + "\n  "
        + excerpt.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ')
        + "\n  "
        + " ".repeat(caret)
        + "^";
  }
}
