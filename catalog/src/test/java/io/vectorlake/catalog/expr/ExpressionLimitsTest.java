package io.vectorlake.catalog.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Expressions of every shape are bounded in length and depth, and long flat chains bind flat. */
@Timeout(60)
class ExpressionLimitsTest {

  private static String chain(String term, String op, int count) {
    StringBuilder text = new StringBuilder(term);
    for (int i = 1; i < count; i++) {
      text.append(op).append(term);
    }
    return text.toString();
  }

  /**
   * A flat chain of 20,000 conditions, under the length limit, binds on a thread with a small
   * stack: before, the binder recursed once per element and overflowed.
   */
  @Test
  void longAndChainBindsWithoutRecursingPerElement() throws Exception {
    String text = chain("id > 0", " and ", 20_000);
    assertTrue(text.length() < FilterExpression.MAX_LENGTH);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicReference<FilterExpression> parsed = new AtomicReference<>();
    Thread thread = new Thread(null, () -> {
      try {
        parsed.set(FilterExpression.parse(text, TestCollection.SCHEMA));
      } catch (Throwable e) {
        failure.set(e);
      }
    }, "small-stack", 256 * 1024);
    thread.start();
    thread.join();
    if (failure.get() != null) {
      throw new AssertionError("binding a flat chain failed", failure.get());
    }
    long matching = TestCollection.ROWS.stream().filter(parsed.get()::matches).count();
    long positive = TestCollection.ROWS.stream()
        .filter(r -> ((Number) r.get("id")).longValue() > 0).count();
    assertEquals(positive, matching);
  }

  /** A 1 MB filter fails at once with an error naming the length limit. */
  @Test
  void overlongExpressionNamesTheLengthLimit() {
    String text = chain("id > 0", " and ", 100_000);
    ExpressionException e = assertThrows(ExpressionException.class,
        () -> FilterExpression.parse(text, TestCollection.SCHEMA));
    assertTrue(e.getMessage().contains("over the limit of " + FilterExpression.MAX_LENGTH),
        e.getMessage());
    assertTrue(e.getMessage().length() < 1000, "the message repeats no whole expression");
  }

  /** Arithmetic and comparison chains bind one level per operator: they are bounded by depth. */
  @Test
  void deepArithmeticChainNamesTheDepthLimit() {
    String text = chain("1", " + ", 20_000) + " == id";
    ExpressionException e = assertThrows(ExpressionException.class,
        () -> FilterExpression.parse(text, TestCollection.SCHEMA));
    assertTrue(e.getMessage().contains("nests deeper than " + FilterExpression.MAX_DEPTH),
        e.getMessage());
  }

  /** Shapes within the depth limit still bind. */
  @Test
  void shortChainsStillBind() {
    FilterExpression.parse(chain("1", " + ", 50) + " == id", TestCollection.SCHEMA);
    FilterExpression.parse(chain("(id > 0 or id < 0)", " and ", 500), TestCollection.SCHEMA);
  }
}
