package io.vectorlake.catalog.expr;

import java.util.List;
import java.util.stream.Collectors;

/** Formats constants back into expression syntax, for normalized text and messages. */
final class Literals {
  private Literals() {}

  static String format(Object value) {
    if (value instanceof String s) {
      StringBuilder out = new StringBuilder("\"");
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '"' -> out.append("\\\"");
          case '\\' -> out.append("\\\\");
          case '\n' -> out.append("\\n");
          case '\r' -> out.append("\\r");
          case '\t' -> out.append("\\t");
          default -> out.append(c);
        }
      }
      return out.append('"').toString();
    }
    if (value instanceof List<?> list) {
      return list.stream().map(Literals::format).collect(Collectors.joining(", ", "[", "]"));
    }
    return String.valueOf(value);
  }

  static String kind(Object value) {
    if (value instanceof Long) {
      return "an integer";
    }
    if (value instanceof Double) {
      return "a floating-point number";
    }
    if (value instanceof String) {
      return "a string";
    }
    if (value instanceof Boolean) {
      return "a boolean";
    }
    if (value instanceof List<?>) {
      return "a list";
    }
    return "a value";
  }
}
