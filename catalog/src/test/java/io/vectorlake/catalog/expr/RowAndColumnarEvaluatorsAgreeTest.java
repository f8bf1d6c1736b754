package io.vectorlake.catalog.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.schema.Row;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RowAndColumnarEvaluatorsAgreeTest {

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 42, 2026})
  void randomFiltersOnRandomRowsGiveTheSameMatchesInBothEvaluators(long seed) {
    RandomFilters random = new RandomFilters(seed);
    // 300 rows: several 64-bit words plus a partial last word.
    List<Row> rows = random.rows(300);
    ColumnBatch batch = ColumnBatch.of(TestCollection.SCHEMA, rows);
    int nonTrivial = 0;
    for (int c = 0; c < 1500; c++) {
      String text = random.expression(3);
      FilterExpression expression = FilterExpression.parse(text, TestCollection.SCHEMA);
      FilterBits bits = expression.evaluate(batch);
      for (int i = 0; i < rows.size(); i++) {
        assertEquals(
            expression.matches(rows.get(i)),
            bits.get(i),
            "seed " + seed + ", row " + i + ": " + text);
      }
      FilterExpression normalized =
          FilterExpression.parse(expression.toString(), TestCollection.SCHEMA);
      assertEquals(bits, normalized.evaluate(batch), "normalized form differs: " + expression);
      FilterBits negated =
          FilterExpression.parse("not (" + text + ")", TestCollection.SCHEMA).evaluate(batch);
      assertEquals(0, negated.copy().and(bits).cardinality(), "E and not E overlap: " + text);
      if (bits.cardinality() > 0 && bits.cardinality() < rows.size()) {
        nonTrivial++;
      }
    }
    // Guards the generator: most filters must split the rows, or agreement proves little.
    assertTrue(nonTrivial > 600, "only " + nonTrivial + " of 1500 filters split the rows");
  }
}
