package io.vectorlake.catalog.expr;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads the tab-separated case tables under src/test/resources/expr. */
final class ExpressionTables {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ExpressionTables() {}

  /** Non-comment lines split at tabs; trailing spaces are kept (an expression may be blank). */
  static List<String[]> read(String resource) {
    List<String[]> lines = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                ExpressionTables.class.getResourceAsStream("/expr/" + resource),
                StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (!line.isEmpty() && !line.startsWith("#")) {
          lines.add(line.split("\t", -1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return lines;
  }

  static Map<String, Object> templates(String[] columns, int index) {
    if (columns.length <= index || columns[index].isBlank()) {
      return Map.of();
    }
    try {
      return JSON.readValue(columns[index], new TypeReference<Map<String, Object>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
