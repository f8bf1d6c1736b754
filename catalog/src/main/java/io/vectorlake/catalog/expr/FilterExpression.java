package io.vectorlake.catalog.expr;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.Row;
import java.util.Map;
import java.util.Objects;

/**
 * A Milvus filter expression parsed and checked against a collection schema, evaluable on single
 * rows and on {@link ColumnBatch}es. A row matches only when the expression is TRUE: comparisons on
 * a null field are UNKNOWN, and {@code not} of UNKNOWN is still UNKNOWN (SQL logic).
 */
public final class FilterExpression {
  /**
   * The longest expression text accepted, in characters: room for an {@code in} list of some
   * 20,000 keys, while a runaway generated filter fails at once, naming this limit.
   */
  public static final int MAX_LENGTH = 256 * 1024;

  /** How deeply an expression may nest (parentheses, operators chained other than and/or). */
  public static final int MAX_DEPTH = Parser.MAX_DEPTH;

  private final String text;
  private final Predicate root;

  private FilterExpression(String text, Predicate root) {
    this.text = text;
    this.root = root;
  }

  /** Parses and checks {@code text}; templates {@code {name}} take values from the map. */
  public static FilterExpression parse(
      String text, CollectionSchema schema, Map<String, Object> templateValues) {
    Objects.requireNonNull(text, "filter expression text");
    Objects.requireNonNull(schema, "collection schema");
    Map<String, Object> templates = templateValues == null ? Map.of() : templateValues;
    if (text.length() > MAX_LENGTH) {
      throw new ExpressionException(text, 0, "the expression is " + text.length()
          + " characters long, over the limit of " + MAX_LENGTH + "; for many values of one"
          + " field use 'in [...]', or split the request");
    }
    Syntax syntax = Parser.parse(text);
    // Binding recurses along the tree: bound its depth first, for every shape of expression.
    SyntaxDepth.check(text, syntax, MAX_DEPTH);
    return new FilterExpression(text, new Binder(text, schema, templates).predicate(syntax));
  }

  public static FilterExpression parse(String text, CollectionSchema schema) {
    return parse(text, schema, Map.of());
  }

  /** The expression as written. */
  public String text() {
    return text;
  }

  /** Whether one row matches. */
  public boolean matches(Row row) {
    return root.test(new RowView(row)) == Truth.TRUE;
  }

  /** The ordinals of the batch's matching rows. */
  public FilterBits evaluate(ColumnBatch batch) {
    if (batch.size() == 0) {
      return new FilterBits(0);
    }
    return root.evaluate(batch).isTrue();
  }

  /** A normalized form: canonical keywords and literals, explicit parentheses. */
  @Override
  public String toString() {
    return root.toString();
  }
}
