package io.vectorlake.catalog.expr;

/**
 * Something a condition reads per row: a field, a JSON path, an array element, an array length or
 * arithmetic on one of those.
 */
interface Operand {
  /** Returned by {@link #value} when the field is null: the condition is UNKNOWN. */
  Object NULL =
      new Object() {
        @Override
        public String toString() {
          return "NULL";
        }
      };

  ValueType type();

  /**
   * The row's value: Long (integers), Double (floating point), String, Boolean, JsonNode (JSON) or
   * List (ARRAY); null when absent (missing JSON key, index past the end); {@link #NULL} when the
   * field is null.
   */
  Object value(RowView row);

  ValueVector vector(ColumnBatch batch);

  /** For messages: "INT64 field 'age'". */
  String describe();
}
