package io.vectorlake.catalog.cli;

import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.InvalidSchemaException;
import io.vectorlake.catalog.schema.MetricType;
import java.util.Locale;

/**
 * Parses the compact field syntax of {@code bin/vectorlake create --field}:
 * {@code name:TYPE[:option[=value]]...}, for example {@code id:INT64:pk},
 * {@code emb:FLOAT_VECTOR:dim=128:metric=COSINE} or {@code tags:ARRAY:element=VARCHAR:max_length=16:max_capacity=8:nullable}.
 */
final class FieldSpec {
  static final String SYNTAX =
      "name:TYPE[:pk][:auto_id][:dim=N][:metric=L2|IP|COSINE][:max_length=N][:element=TYPE]"
          + "[:max_capacity=N][:nullable][:default=VALUE][:description=TEXT]";

  private FieldSpec() {}

  static FieldSchema parse(String spec) {
    String[] parts = spec.split(":");
    if (parts.length < 2) {
      throw new InvalidSchemaException("field spec '" + spec + "' must look like " + SYNTAX);
    }
    DataType type = DataType.parse(parts[1]);
    FieldSchema.Builder field = FieldSchema.builder(parts[0], type);
    String defaultText = null;
    DataType element = null;
    for (int i = 2; i < parts.length; i++) {
      String option = parts[i];
      int eq = option.indexOf('=');
      String key = (eq < 0 ? option : option.substring(0, eq)).toLowerCase(Locale.ROOT);
      String value = eq < 0 ? null : option.substring(eq + 1);
      switch (key) {
        case "pk", "primary_key" -> field.primaryKey(true);
        case "auto_id", "autoid" -> field.autoId(true);
        case "nullable" -> field.nullable(true);
        case "dim" -> field.dim(number(spec, key, value));
        case "max_length" -> field.maxLength(number(spec, key, value));
        case "max_capacity" -> field.maxCapacity(number(spec, key, value));
        case "metric" -> field.metric(MetricType.parse(required(spec, key, value)));
        case "element", "element_type" -> {
          element = DataType.parse(required(spec, key, value));
          field.elementType(element);
        }
        case "default" -> defaultText = required(spec, key, value);
        case "description" -> field.description(required(spec, key, value));
        default -> throw new InvalidSchemaException(
            "field spec '" + spec + "': unknown option '" + key + "'; the syntax is " + SYNTAX);
      }
    }
    if (defaultText != null) {
      field.defaultValue(defaultValue(type, defaultText));
    }
    return field.build();
  }

  private static Object defaultValue(DataType type, String text) {
    try {
      return switch (type) {
        case BOOL -> Boolean.parseBoolean(text);
        case INT8, INT16, INT32, INT64 -> Long.parseLong(text);
        case FLOAT, DOUBLE -> Double.parseDouble(text);
        default -> text;
      };
    } catch (NumberFormatException e) {
      throw new InvalidSchemaException("default value '" + text + "' is not a " + type);
    }
  }

  private static int number(String spec, String key, String value) {
    try {
      return Integer.parseInt(required(spec, key, value));
    } catch (NumberFormatException e) {
      throw new InvalidSchemaException(
          "field spec '" + spec + "': " + key + " must be a whole number, got '" + value + "'");
    }
  }

  private static String required(String spec, String key, String value) {
    if (value == null || value.isEmpty()) {
      throw new InvalidSchemaException("field spec '" + spec + "': " + key + " needs a value");
    }
    return value;
  }
}
