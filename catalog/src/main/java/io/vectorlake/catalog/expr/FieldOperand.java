package io.vectorlake.catalog.expr;

import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;

/** A declared scalar, JSON or ARRAY field read whole. */
record FieldOperand(FieldSchema field) implements Operand {

  @Override
  public ValueType type() {
    return ValueType.of(field.type());
  }

  @Override
  public Object value(RowView row) {
    if (field.type() == DataType.JSON) {
      Object json = row.json(field.name());
      return json == null ? NULL : json;
    }
    Object value = row.get(field.name());
    if (value == null) {
      return NULL;
    }
    if (value instanceof Integer i) {
      return (long) i;
    }
    if (value instanceof Float f) {
      return (double) f;
    }
    return value;
  }

  @Override
  public ValueVector vector(ColumnBatch batch) {
    return ValueVector.of(batch.column(field.name()));
  }

  @Override
  public String describe() {
    return field.type() + " field '" + field.name() + "'";
  }

  @Override
  public String toString() {
    return field.name();
  }
}
