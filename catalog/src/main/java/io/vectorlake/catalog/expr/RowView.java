package io.vectorlake.catalog.expr;

import com.fasterxml.jackson.databind.JsonNode;
import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.Row;
import java.util.HashMap;
import java.util.Map;

/** One row under evaluation, parsing each JSON field at most once per evaluation. */
final class RowView {
  private final Row row;
  private Map<String, JsonNode> parsed;

  RowView(Row row) {
    this.row = row;
  }

  Object get(String field) {
    return row.get(field);
  }

  /** The parsed JSON of a JSON field or the dynamic field; null when the field is null. */
  JsonNode json(String field) {
    if (parsed == null) {
      parsed = new HashMap<>(4);
    }
    return parsed.computeIfAbsent(
        field,
        name -> {
          Object text = row.get(name);
          if (text == null) {
            // The dynamic field holds the row's undeclared keys; no keys is an empty object.
            return name.equals(CollectionSchema.DYNAMIC_FIELD) ? JsonValues.parse("{}") : null;
          }
          return JsonValues.parse((String) text);
        });
  }
}
