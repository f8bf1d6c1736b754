package io.vectorlake.catalog.schema;

/** The field types of a collection, named and grouped as in Milvus' schema model. */
public enum DataType {
  BOOL,
  INT8,
  INT16,
  INT32,
  INT64,
  FLOAT,
  DOUBLE,
  VARCHAR,
  JSON,
  ARRAY,
  FLOAT_VECTOR;

  public boolean isVector() {
    return this == FLOAT_VECTOR;
  }

  public boolean isInteger() {
    return this == INT8 || this == INT16 || this == INT32 || this == INT64;
  }

  public boolean isFloatingPoint() {
    return this == FLOAT || this == DOUBLE;
  }

  public boolean isNumeric() {
    return isInteger() || isFloatingPoint();
  }

  /** Milvus accepts only INT64 and VARCHAR primary keys. */
  public boolean canBePrimaryKey() {
    return this == INT64 || this == VARCHAR;
  }

  /** The element types Milvus allows inside an ARRAY field. */
  public boolean canBeArrayElement() {
    return this == BOOL || isNumeric() || this == VARCHAR;
  }

  /** Milvus allows default values on scalar fields other than JSON and ARRAY. */
  public boolean canHaveDefault() {
    return !isVector() && this != JSON && this != ARRAY;
  }

  /** Parses a type name as Milvus spells it in any SDK ("Int64", "INT64", "FloatVector", "FLOAT_VECTOR"). */
  public static DataType parse(String name) {
    String normalized = name.trim().replace("_", "").toUpperCase(java.util.Locale.ROOT);
    for (DataType type : values()) {
      if (type.name().replace("_", "").equals(normalized)) {
        return type;
      }
    }
    throw new InvalidSchemaException(
        "unknown data type '" + name + "'; expected one of " + java.util.Arrays.toString(values()));
  }
}
