package io.vectorlake.catalog.schema;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One field of a collection, in Milvus' field model. Instances are always valid: the constructor
 * checks every per-field rule; rules that involve several fields live in {@link CollectionSchema}.
 *
 * @param id the field's id in the warehouse (the Iceberg column id), or 0 before it is stored
 * @param maxLength byte length limit of a VARCHAR, or of the VARCHAR elements of an ARRAY; else 0
 * @param dim dimension of a FLOAT_VECTOR; else 0
 * @param metric metric of a FLOAT_VECTOR; else null
 * @param elementType element type of an ARRAY; else null
 * @param maxCapacity maximum element count of an ARRAY; else 0
 * @param defaultValue canonical default value (see {@link ValueConverter}), or null for none
 */
public record FieldSchema(
    int id,
    String name,
    DataType type,
    boolean primaryKey,
    boolean autoId,
    int maxLength,
    int dim,
    MetricType metric,
    DataType elementType,
    int maxCapacity,
    boolean nullable,
    Object defaultValue,
    String description) {

  public static final int MAX_NAME_LENGTH = 255;
  public static final int MAX_VARCHAR_LENGTH = 65_535;
  public static final int MAX_VECTOR_DIM = 32_768;
  public static final int MAX_ARRAY_CAPACITY = 4_096;
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public FieldSchema {
    Objects.requireNonNull(type, "field type");
    description = description == null ? "" : description;
    checkName("field", name);
    if (primaryKey) {
      require(type.canBePrimaryKey(), name, "a primary key must be INT64 or VARCHAR, got " + type);
      require(!nullable, name, "a primary key cannot be nullable");
      require(defaultValue == null, name, "a primary key cannot have a default value");
    } else {
      require(!autoId, name, "autoId applies only to the primary key");
    }
    if (type == DataType.VARCHAR || (type == DataType.ARRAY && elementType == DataType.VARCHAR)) {
      require(
          maxLength >= 1 && maxLength <= MAX_VARCHAR_LENGTH,
          name,
          "max_length must be in [1, " + MAX_VARCHAR_LENGTH + "], got " + maxLength);
    } else {
      require(maxLength == 0, name, "max_length applies only to VARCHAR fields and arrays of VARCHAR");
    }
    if (type.isVector()) {
      require(
          dim >= 1 && dim <= MAX_VECTOR_DIM,
          name,
          "dim must be in [1, " + MAX_VECTOR_DIM + "], got " + dim);
      metric = metric == null ? MetricType.L2 : metric;
      require(!nullable, name, "a vector field cannot be nullable");
      require(defaultValue == null, name, "a vector field cannot have a default value");
    } else {
      require(dim == 0, name, "dim applies only to vector fields");
      require(metric == null, name, "a metric applies only to vector fields");
    }
    if (type == DataType.ARRAY) {
      require(elementType != null, name, "an ARRAY field needs an element type");
      require(
          elementType.canBeArrayElement(),
          name,
          "ARRAY elements must be BOOL, INT8..INT64, FLOAT, DOUBLE or VARCHAR, got " + elementType);
      require(
          maxCapacity >= 1 && maxCapacity <= MAX_ARRAY_CAPACITY,
          name,
          "max_capacity must be in [1, " + MAX_ARRAY_CAPACITY + "], got " + maxCapacity);
    } else {
      require(elementType == null, name, "an element type applies only to ARRAY fields");
      require(maxCapacity == 0, name, "max_capacity applies only to ARRAY fields");
    }
    if (defaultValue != null) {
      require(type.canHaveDefault(), name, type + " fields cannot have a default value");
      defaultValue = ValueConverter.defaultValue(name, type, maxLength, defaultValue);
    }
  }

  /** A copy carrying the id the warehouse gave this field. */
  public FieldSchema withId(int newId) {
    return new FieldSchema(
        newId, name, type, primaryKey, autoId, maxLength, dim, metric, elementType, maxCapacity,
        nullable, defaultValue, description);
  }

  /** A copy with another metric; only for vector fields (Milvus sets the metric with the index). */
  public FieldSchema withMetric(MetricType newMetric) {
    require(type.isVector(), name, "a metric applies only to vector fields");
    return new FieldSchema(
        id, name, type, primaryKey, autoId, maxLength, dim, newMetric, elementType, maxCapacity,
        nullable, defaultValue, description);
  }

  public boolean hasDefault() {
    return defaultValue != null;
  }

  public static Builder builder(String name, DataType type) {
    return new Builder(name, type);
  }

  /** An INT64 or VARCHAR primary key; VARCHAR keys also need {@link Builder#maxLength}. */
  public static Builder primaryKey(String name, DataType type) {
    return new Builder(name, type).primaryKey(true);
  }

  public static FieldSchema floatVector(String name, int dim, MetricType metric) {
    return new Builder(name, DataType.FLOAT_VECTOR).dim(dim).metric(metric).build();
  }

  static void checkName(String what, String name) {
    if (name == null || name.isEmpty()) {
      throw new InvalidSchemaException("a " + what + " name must not be empty");
    }
    if (name.length() > MAX_NAME_LENGTH) {
      throw new InvalidSchemaException(
          what + " name '" + name.substring(0, 32) + "...' is longer than " + MAX_NAME_LENGTH);
    }
    if (!NAME.matcher(name).matches()) {
      throw new InvalidSchemaException(
          what + " name '" + name + "' must start with a letter or '_' and hold only letters,"
              + " digits and '_'");
    }
  }

  private static void require(boolean rule, String field, String message) {
    if (!rule) {
      throw new InvalidSchemaException("field '" + field + "': " + message);
    }
  }

  /** Builds a field; unset options keep Milvus' defaults. */
  public static final class Builder {
    private final String name;
    private final DataType type;
    private boolean primaryKey;
    private boolean autoId;
    private int maxLength;
    private int dim;
    private MetricType metric;
    private DataType elementType;
    private int maxCapacity;
    private boolean nullable;
    private Object defaultValue;
    private String description = "";

    private Builder(String name, DataType type) {
      this.name = name;
      this.type = type;
    }

    public Builder primaryKey(boolean value) {
      this.primaryKey = value;
      return this;
    }

    public Builder autoId(boolean value) {
      this.autoId = value;
      return this;
    }

    public Builder maxLength(int value) {
      this.maxLength = value;
      return this;
    }

    public Builder dim(int value) {
      this.dim = value;
      return this;
    }

    public Builder metric(MetricType value) {
      this.metric = value;
      return this;
    }

    public Builder elementType(DataType value) {
      this.elementType = value;
      return this;
    }

    public Builder maxCapacity(int value) {
      this.maxCapacity = value;
      return this;
    }

    public Builder nullable(boolean value) {
      this.nullable = value;
      return this;
    }

    public Builder defaultValue(Object value) {
      this.defaultValue = value;
      return this;
    }

    public Builder description(String value) {
      this.description = value;
      return this;
    }

    public FieldSchema build() {
      return new FieldSchema(
          0, name, type, primaryKey, autoId, maxLength, dim, metric, elementType, maxCapacity,
          nullable, defaultValue, description);
    }
  }
}
