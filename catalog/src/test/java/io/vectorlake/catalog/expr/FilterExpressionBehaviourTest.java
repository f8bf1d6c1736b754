package io.vectorlake.catalog.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.Row;
import io.vectorlake.catalog.schema.RowValidator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilterExpressionBehaviourTest {
  private static final CollectionSchema SCHEMA = TestCollection.SCHEMA;

  private static Row row(Object... keyValues) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("id", 1L);
    values.put("age", 30);
    values.put("tiny", 0);
    values.put("price", 1f);
    values.put("labels", List.of());
    values.put("vec", new float[] {0f, 0f});
    for (int i = 0; i < keyValues.length; i += 2) {
      values.put((String) keyValues[i], keyValues[i + 1]);
    }
    return new RowValidator(SCHEMA).validate(values, false);
  }

  /** Both evaluators on one row; fails if they disagree. */
  private static boolean matches(String text, Row row) {
    FilterExpression filter = FilterExpression.parse(text, SCHEMA);
    boolean columnar = filter.evaluate(ColumnBatch.of(SCHEMA, List.of(row))).get(0);
    assertEquals(filter.matches(row), columnar, "evaluators disagree on " + text);
    return columnar;
  }

  @Test
  void likePrefixMatchesOnlyStringsStartingWithPattern() {
    assertTrue(matches("name like \"Ali%\"", row("name", "Alice")));
    assertTrue(matches("name like \"Ali%\"", row("name", "Ali")));
    assertFalse(matches("name like \"Ali%\"", row("name", "alice")));
    assertFalse(matches("name like \"Ali%\"", row("name", "Mali")));
  }

  @Test
  void likeUnderscoreMatchesExactlyOneCodePointAndEscapesMakeWildcardsLiteral() {
    assertTrue(matches("name like \"a_c\"", row("name", "a😀c")));
    assertFalse(matches("name like \"a_c\"", row("name", "ac")));
    assertTrue(matches("name like \"100\\%\"", row("name", "100%")));
    assertFalse(matches("name like \"100\\%\"", row("name", "1000")));
    assertTrue(matches("name like \"%a%b%c%\"", row("name", "xxaybzzc")));
    assertFalse(matches("name like \"%a%b%c%\"", row("name", "xxcybzza")));
  }

  @Test
  void comparisonOnNullFieldIsUnknownSoNeitherItNorItsNegationMatches() {
    Row nullScore = row("score", null);
    assertFalse(matches("score > 1", nullScore));
    assertFalse(matches("not (score > 1)", nullScore));
    assertFalse(matches("score != 1", nullScore));
    assertFalse(matches("score not in [1, 2]", nullScore));
    assertTrue(matches("score is null", nullScore));
    assertTrue(matches("score > 1 or age == 30", nullScore));
    assertFalse(matches("not (score > 1 and age == 30)", nullScore));
    assertTrue(matches("not (score > 1 and age == 31)", nullScore));
  }

  @Test
  void missingJsonKeyDoesNotEqualAnythingSoNotEqualAndNotInMatchAsInMilvus() {
    Row row = row("meta", "{\"other\":1}");
    assertFalse(matches("meta[\"k\"] == 1", row));
    assertTrue(matches("meta[\"k\"] != 1", row));
    assertFalse(matches("meta[\"k\"] in [1]", row));
    assertTrue(matches("meta[\"k\"] not in [1]", row));
    assertTrue(matches("meta[\"k\"] is null", row));
  }

  @Test
  void jsonValueOfAnotherTypeDoesNotMatchAndIsNoError() {
    Row row = row("meta", "{\"k\":\"5\",\"n\":5}");
    assertFalse(matches("meta[\"k\"] == 5", row));
    assertFalse(matches("meta[\"k\"] > 1", row));
    assertTrue(matches("meta[\"k\"] == \"5\"", row));
    assertTrue(matches("meta[\"n\"] == 5.0", row));
    assertFalse(matches("meta[\"n\"] like \"5%\"", row));
  }

  @Test
  void integerFieldComparedWithFloatLiteralComparesNumerically() {
    Row age30 = row("age", 30);
    assertTrue(matches("age > 29.5", age30));
    assertTrue(matches("age < 30.5", age30));
    assertTrue(matches("age == 30.0", age30));
    assertFalse(matches("age >= 30.01", age30));
    assertTrue(matches("1.5 < tiny < 3.5", row("tiny", 2)));
    assertFalse(matches("1.5 < tiny < 3.5", row("tiny", 1)));
  }

  @Test
  void undeclaredNameReadsTheDynamicFieldKey() {
    // RowValidator reads a String dynamic value as JSON text, hence the inner quotes.
    Row row = row("color", "\"red\"");
    assertTrue(matches("color == \"red\"", row));
    assertTrue(matches("$meta[\"color\"] == \"red\"", row));
    assertFalse(matches("colour == \"red\"", row));
    ExpressionException e =
        assertThrows(
            ExpressionException.class,
            () -> FilterExpression.parse("color == \"red\"", TestCollection.STATIC_SCHEMA));
    assertTrue(e.getMessage().contains("unknown field 'color'"), e.getMessage());
  }

  @Test
  void keywordsAreAcceptedAllLowerOrAllUpperCaseLikeMilvusLexer() {
    assertTrue(matches("age > 1 AND age < 50 OR age == 99", row()));
    assertTrue(matches("NOT (age < 1) and tiny IN [0] and name IS NULL", row()));
    assertThrows(
        ExpressionException.class, () -> FilterExpression.parse("age > 1 And age < 5", SCHEMA));
    assertThrows(
        ExpressionException.class, () -> FilterExpression.parse("age > 1 Or age < 5", SCHEMA));
  }

  @Test
  void notBindsTighterThanComparisonsAsInMilvusGrammar() {
    ExpressionException e =
        assertThrows(
            ExpressionException.class, () -> FilterExpression.parse("not age > 1", SCHEMA));
    assertEquals(0, e.position());
    assertFalse(matches("not (age > 1)", row()));
    assertTrue(matches("not name like \"x%\"", row("name", "abc")));
  }

  @Test
  void templateValuesAcceptJavaListsArraysAndBoxedNumbers() {
    Row row = row("age", 30, "name", "Bob");
    Map<String, Object> values = new HashMap<>();
    values.put("ids", new long[] {25, 30});
    values.put("names", List.of("Bob", "Al"));
    values.put("min", (short) 29);
    values.put("max", 30.5f);
    values.put("boxed", new Object[] {1, 30});
    FilterExpression filter =
        FilterExpression.parse(
            "age in {ids} and name in {names} and {min} < age < {max} and age in {boxed}",
            SCHEMA,
            values);
    assertTrue(filter.matches(row));
    assertFalse(filter.matches(row("age", 25, "name", "Bob")));
  }

  @Test
  void errorMessageShowsExcerptWithCaretUnderThePosition() {
    ExpressionException e =
        assertThrows(
            ExpressionException.class,
            () -> FilterExpression.parse("age > 1 and nmae == 3", TestCollection.STATIC_SCHEMA));
    String[] lines = e.getMessage().split("\n");
    assertEquals(12, e.position());
    assertEquals("  age > 1 and nmae == 3", lines[1]);
    assertEquals(2 + 12, lines[2].indexOf('^'));
  }

  @Test
  void errorExcerptOfLongExpressionIsAbbreviatedAroundThePosition() {
    String text = "age > 1 and ".repeat(10) + "age > \"x\"" + " and age < 9".repeat(10);
    ExpressionException e =
        assertThrows(ExpressionException.class, () -> FilterExpression.parse(text, SCHEMA));
    String[] lines = e.getMessage().split("\n");
    assertTrue(lines[1].startsWith("  ...") && lines[1].endsWith("..."), lines[1]);
    int caret = lines[2].indexOf('^');
    assertEquals('>', lines[1].charAt(caret));
    assertEquals(124, e.position());
  }

  @Test
  void toStringNormalizesKeywordsLiteralsAndParentheses() {
    FilterExpression filter =
        FilterExpression.parse(
            "age > 1 AND (name == 'x' || active == True) && NOT (tiny in [1,2]) and 5 > age",
            SCHEMA);
    assertEquals(
        "(age > 1 and (name == \"x\" or active == true) and not (tiny in [1, 2]) and age < 5)",
        filter.toString());
    assertEquals(filter.toString(), FilterExpression.parse(filter.toString(), SCHEMA).toString());
    assertEquals(
        "age > 1 AND (name == 'x' || active == True) && NOT (tiny in [1,2]) and 5 > age",
        filter.text());
  }

  @Test
  void int64BoundsIncludingTheMinimumLiteralAreExact() {
    assertTrue(matches("count == -9223372036854775808", row("count", Long.MIN_VALUE)));
    assertTrue(matches("count == 9223372036854775807", row("count", Long.MAX_VALUE)));
    assertFalse(
        matches("count > 9223372036854775806.0", row("count", 9223372036854775806L - 4096)));
  }

  @Test
  void stringsCompareByCodePointLikeUtf8Bytes() {
    // Java's compareTo would put U+1F600 (a surrogate pair) below U+FFFF.
    assertTrue(matches("name > \"\\uffff\"", row("name", "😀")));
    assertFalse(matches("name < \"\\uffff\"", row("name", "😀")));
  }

  @Test
  void columnarEvaluationCoversManyWordsAndAPartialLastWord() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      rows.add(row("id", (long) i, "count", i % 5 == 0 ? null : (long) i));
    }
    FilterBits bits =
        FilterExpression.parse("not (count % 3 == 0)", SCHEMA)
            .evaluate(ColumnBatch.of(SCHEMA, rows));
    int expected = 0;
    for (int i = 0; i < 1000; i++) {
      boolean want = i % 5 != 0 && i % 3 != 0;
      expected += want ? 1 : 0;
      assertEquals(want, bits.get(i), "row " + i);
    }
    assertEquals(expected, bits.cardinality());
  }

  @Test
  void invalidStoredJsonIsReportedWhenEvaluated() {
    ColumnBatch batch =
        new ColumnBatch(1, Map.of("meta", new Column.Json(new String[] {"{oops"}, null)));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> FilterExpression.parse("meta[\"a\"] == 1", SCHEMA).evaluate(batch));
    assertTrue(e.getMessage().startsWith("stored JSON value is not valid JSON"), e.getMessage());
  }

  @Test
  void emptyBatchGivesEmptyBits() {
    FilterBits bits =
        FilterExpression.parse("age > 1", SCHEMA).evaluate(ColumnBatch.of(SCHEMA, List.of()));
    assertEquals(0, bits.size());
  }

  @Test
  void batchBuiltFromPrimitiveColumnsIsFilteredWithItsNullBitmap() {
    FilterBits nulls = new FilterBits(4);
    nulls.set(2);
    Map<String, Column> columns = new HashMap<>();
    columns.put("count", new Column.Longs(new long[] {5, 10, 0, 20}, nulls));
    columns.put("name", new Column.Strings(new String[] {"a", "b", null, "c"}, nulls));
    ColumnBatch batch = new ColumnBatch(4, columns);
    FilterExpression filter = FilterExpression.parse("count >= 10 or name is null", SCHEMA);
    assertEquals("{1, 2, 3}", filter.evaluate(batch).toString());
  }

  @Test
  void batchRejectsAColumnOfTheWrongLength() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ColumnBatch(3, Map.of("count", new Column.Longs(new long[2], null))));
    assertEquals("column 'count' holds 2 values; the batch has 3 rows", e.getMessage());
    ColumnBatch batch = new ColumnBatch(1, Map.of());
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class,
            () -> FilterExpression.parse("count > 1", SCHEMA).evaluate(batch));
    assertTrue(
        missing.getMessage().startsWith("the batch has no column 'count'"), missing.getMessage());
  }

  @Test
  void filterBitsWordOperationsStayWithinTheSize() {
    FilterBits all = FilterBits.allSet(70);
    assertEquals(70, all.cardinality());
    assertEquals(0, all.copy().not().cardinality());
    FilterBits some = new FilterBits(70);
    some.set(3);
    some.set(64);
    some.set(69);
    assertEquals(67, all.copy().andNot(some).cardinality());
    assertEquals(3, all.copy().and(some).cardinality());
    assertEquals(67, some.copy().not().cardinality());
    assertTrue(some.get(64) && !some.get(65));
    some.set(64, false);
    assertEquals("{3, 69}", some.toString());
    assertEquals(some, new FilterBits(70).or(some));
    assertThrows(IllegalArgumentException.class, () -> new FilterBits(-1));
  }
}
