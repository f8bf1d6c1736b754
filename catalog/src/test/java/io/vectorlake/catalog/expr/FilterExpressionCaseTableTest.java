package io.vectorlake.catalog.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vectorlake.catalog.schema.Row;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FilterExpressionCaseTableTest {

  static Stream<Arguments> cases() {
    return ExpressionTables.read("cases.tsv").stream()
        .map(c -> Arguments.of(c[1], expectedIds(c[0]), ExpressionTables.templates(c, 2)));
  }

  private static List<Long> expectedIds(String column) {
    if (column.equals("-")) {
      return List.of();
    }
    return Arrays.stream(column.split(",")).map(Long::parseLong).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rowEvaluatorMatchesExactlyTheExpectedRows(
      String text, List<Long> expected, Map<String, Object> templates) {
    FilterExpression expression = FilterExpression.parse(text, TestCollection.SCHEMA, templates);
    List<Long> matched = new ArrayList<>();
    for (Row row : TestCollection.ROWS) {
      if (expression.matches(row)) {
        matched.add((Long) row.get("id"));
      }
    }
    assertEquals(expected, matched, text);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void columnarEvaluatorMatchesExactlyTheExpectedRows(
      String text, List<Long> expected, Map<String, Object> templates) {
    FilterExpression expression = FilterExpression.parse(text, TestCollection.SCHEMA, templates);
    assertEquals(expected, ids(expression.evaluate(batch())), text);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void normalizedTextParsesBackToTheSameFilter(
      String text, List<Long> expected, Map<String, Object> templates) {
    String normalized = FilterExpression.parse(text, TestCollection.SCHEMA, templates).toString();
    FilterExpression again = FilterExpression.parse(normalized, TestCollection.SCHEMA);
    assertEquals(expected, ids(again.evaluate(batch())), text + "  ->  " + normalized);
    assertEquals(normalized, again.toString());
  }

  private static ColumnBatch batch() {
    return ColumnBatch.of(TestCollection.SCHEMA, TestCollection.ROWS);
  }

  private static List<Long> ids(FilterBits bits) {
    TreeSet<Long> ids = new TreeSet<>();
    for (int i = 0; i < bits.size(); i++) {
      if (bits.get(i)) {
        ids.add((Long) TestCollection.ROWS.get(i).get("id"));
      }
    }
    return List.copyOf(ids);
  }
}
