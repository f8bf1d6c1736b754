package io.vectorlake.catalog.expr;

import com.fasterxml.jackson.databind.JsonNode;
import io.vectorlake.catalog.schema.CollectionSchema;
import java.util.List;

/**
 * A value inside a JSON field, {@code meta["a"][0]}, or a dynamic-field key used as a bare name
 * ({@code color} reads {@code $meta["color"]}).
 */
record JsonPathOperand(String field, List<Object> path) implements Operand {

  @Override
  public ValueType type() {
    return ValueType.JSON;
  }

  @Override
  public Object value(RowView row) {
    JsonNode root = row.json(field);
    return root == null ? NULL : JsonValues.at(root, path);
  }

  @Override
  public ValueVector vector(ColumnBatch batch) {
    Column column = batch.column(field);
    JsonNode[] roots = ((Column.Json) column).nodes();
    ValueVector v = new ValueVector(roots.length, column.nulls());
    v.json = new JsonNode[roots.length];
    for (int i = 0; i < roots.length; i++) {
      if (roots[i] != null) {
        v.json[i] = JsonValues.at(roots[i], path);
      }
    }
    return v;
  }

  boolean isDynamicKey() {
    return field.equals(CollectionSchema.DYNAMIC_FIELD);
  }

  @Override
  public String describe() {
    return isDynamicKey() && path.size() == 1
        ? "dynamic field key '" + path.get(0) + "'"
        : "JSON path " + this;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    int from = 0;
    if (isDynamicKey() && path.get(0) instanceof String key) {
      out.append(key);
      from = 1;
    } else {
      out.append(field);
    }
    for (Object step : path.subList(from, path.size())) {
      out.append('[').append(step instanceof String s ? Literals.format(s) : step).append(']');
    }
    return out.toString();
  }
}
