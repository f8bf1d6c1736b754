package io.vectorlake.catalog.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.schema.CollectionSchema;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FilterExpressionErrorTableTest {

  static Stream<Arguments> errors() {
    return ExpressionTables.read("errors.tsv").stream()
        .map(
            c ->
                Arguments.of(
                    c[3], c[0], Integer.parseInt(c[1]), c[2], ExpressionTables.templates(c, 4)));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("errors")
  void invalidExpressionIsRejectedWithPositionAndWhatWasExpected(
      String text, String schemaName, int position, String reason, Map<String, Object> templates) {
    CollectionSchema schema =
        schemaName.equals("static") ? TestCollection.STATIC_SCHEMA : TestCollection.SCHEMA;
    ExpressionException e =
        assertThrows(
            ExpressionException.class, () -> FilterExpression.parse(text, schema, templates));
    assertTrue(e.reason().contains(reason), "reason was: " + e.reason());
    assertEquals(position, e.position(), e.getMessage());
    assertTrue(
        e.getMessage().startsWith("filter expression error at position " + position + ": "),
        e.getMessage());
  }

  @org.junit.jupiter.api.Test
  void deeplyNestedExpressionIsRejectedInsteadOfOverflowingTheStack() {
    String text = "(".repeat(250) + "age > 1" + ")".repeat(250);
    ExpressionException e =
        assertThrows(
            ExpressionException.class, () -> FilterExpression.parse(text, TestCollection.SCHEMA));
    assertEquals(200, e.position());
    assertTrue(e.reason().contains("expression nests deeper than 200 levels"), e.reason());
  }
}
