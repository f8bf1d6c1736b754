package io.vectorlake.catalog.expr;

import io.vectorlake.catalog.schema.DataType;

/** The kinds of values an operand yields: JSON values carry their kind per row. */
enum ValueType {
  INTEGER,
  FLOAT,
  STRING,
  BOOL,
  JSON,
  ARRAY;

  static ValueType of(DataType type) {
    return switch (type) {
      case INT8, INT16, INT32, INT64 -> INTEGER;
      case FLOAT, DOUBLE -> FLOAT;
      case VARCHAR -> STRING;
      case BOOL -> BOOL;
      case JSON -> JSON;
      case ARRAY -> ARRAY;
      default -> throw new IllegalArgumentException(type + " values cannot be used in a filter");
    };
  }

  boolean isNumeric() {
    return this == INTEGER || this == FLOAT;
  }
}
