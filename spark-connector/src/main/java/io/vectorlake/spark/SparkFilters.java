package io.vectorlake.spark;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.FieldSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.sources.And;
import org.apache.spark.sql.sources.EqualTo;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.sources.GreaterThan;
import org.apache.spark.sql.sources.GreaterThanOrEqual;
import org.apache.spark.sql.sources.In;
import org.apache.spark.sql.sources.IsNotNull;
import org.apache.spark.sql.sources.IsNull;
import org.apache.spark.sql.sources.LessThan;
import org.apache.spark.sql.sources.LessThanOrEqual;
import org.apache.spark.sql.sources.Not;
import org.apache.spark.sql.sources.Or;
import org.apache.spark.sql.sources.StringContains;
import org.apache.spark.sql.sources.StringEndsWith;
import org.apache.spark.sql.sources.StringStartsWith;

/** Translates Spark data source filters into Vectorlake's (Milvus') filter expressions. */
final class SparkFilters {
  /** The translated filters as one expression (null if none), and the ones that did not translate. */
  record Translation(String expression, List<Filter> translated, List<Filter> unsupported) {}

  /** A filter that holds on every row (IS NOT NULL on a field that is never null). */
  private static final String ALWAYS = "";

  private SparkFilters() {}

  static Translation translate(Filter[] filters, CollectionSchema schema) {
    List<String> parts = new ArrayList<>();
    List<Filter> translated = new ArrayList<>();
    List<Filter> unsupported = new ArrayList<>();
    for (Filter filter : filters) {
      Optional<String> expression = translate(filter, schema);
      if (expression.isPresent()) {
        if (!expression.get().equals(ALWAYS)) {
          parts.add("(" + expression.get() + ")");
        }
        translated.add(filter);
      } else {
        unsupported.add(filter);
      }
    }
    return new Translation(parts.isEmpty() ? null : String.join(" and ", parts), translated, unsupported);
  }

  private static Optional<String> translate(Filter filter, CollectionSchema schema) {
    if (filter instanceof EqualTo f) {
      return compare(schema, f.attribute(), "==", f.value());
    } else if (filter instanceof GreaterThan f) {
      return compare(schema, f.attribute(), ">", f.value());
    } else if (filter instanceof GreaterThanOrEqual f) {
      return compare(schema, f.attribute(), ">=", f.value());
    } else if (filter instanceof LessThan f) {
      return compare(schema, f.attribute(), "<", f.value());
    } else if (filter instanceof LessThanOrEqual f) {
      return compare(schema, f.attribute(), "<=", f.value());
    } else if (filter instanceof In f && scalar(schema, f.attribute())) {
      List<String> values = new ArrayList<>();
      for (Object v : f.values()) {
        if (v == null || literal(v).isEmpty()) {
          return Optional.empty();
        }
        values.add(literal(v).get());
      }
      return Optional.of(f.attribute() + " in [" + String.join(", ", values) + "]");
    } else if (filter instanceof IsNull f && scalar(schema, f.attribute())) {
      return Optional.of(f.attribute() + " is null");
    } else if (filter instanceof IsNotNull f && field(schema, f.attribute()).isPresent()) {
      // Vector and key fields are never null; "is not null" holds on every row of them.
      FieldSchema field = field(schema, f.attribute()).get();
      return Optional.of(field.nullable() ? f.attribute() + " is not null" : ALWAYS);
    } else if (filter instanceof StringStartsWith f && varchar(schema, f.attribute())) {
      return Optional.of(f.attribute() + " like " + quote(escapeLike(f.value()) + "%"));
    } else if (filter instanceof StringEndsWith f && varchar(schema, f.attribute())) {
      return Optional.of(f.attribute() + " like " + quote("%" + escapeLike(f.value())));
    } else if (filter instanceof StringContains f && varchar(schema, f.attribute())) {
      return Optional.of(f.attribute() + " like " + quote("%" + escapeLike(f.value()) + "%"));
    } else if (filter instanceof And f) {
      return both(translate(f.left(), schema), translate(f.right(), schema), "and");
    } else if (filter instanceof Or f) {
      return both(translate(f.left(), schema), translate(f.right(), schema), "or");
    } else if (filter instanceof Not f) {
      return translate(f.child(), schema).filter(e -> !e.equals(ALWAYS)).map(e -> "not (" + e + ")");
    }
    return Optional.empty();
  }

  private static Optional<String> both(Optional<String> left, Optional<String> right, String op) {
    if (left.isEmpty() || right.isEmpty()) {
      return Optional.empty();
    }
    if (left.get().equals(ALWAYS) || right.get().equals(ALWAYS)) {
      return op.equals("or") ? Optional.of(ALWAYS)
          : Optional.of(left.get().equals(ALWAYS) ? right.get() : left.get());
    }
    return Optional.of("(" + left.get() + ") " + op + " (" + right.get() + ")");
  }

  private static Optional<String> compare(CollectionSchema schema, String column, String op, Object value) {
    if (!scalar(schema, column) || value == null) {
      return Optional.empty();
    }
    return literal(value).map(v -> column + " " + op + " " + v);
  }

  private static Optional<String> literal(Object value) {
    if (value instanceof String s) {
      return Optional.of(quote(s));
    } else if (value instanceof Boolean b) {
      return Optional.of(b.toString());
    } else if (value instanceof Float f && Float.isFinite(f)) {
      return Optional.of(Float.toString(f));
    } else if (value instanceof Double d && Double.isFinite(d)) {
      return Optional.of(Double.toString(d));
    } else if (value instanceof Long || value instanceof Integer || value instanceof Short
        || value instanceof Byte) {
      return Optional.of(value.toString());
    }
    return Optional.empty();
  }

  private static boolean scalar(CollectionSchema schema, String column) {
    return field(schema, column).map(f -> !f.type().isVector()
        && f.type() != io.vectorlake.catalog.schema.DataType.ARRAY
        && f.type() != io.vectorlake.catalog.schema.DataType.JSON).orElse(false);
  }

  private static boolean varchar(CollectionSchema schema, String column) {
    return field(schema, column).map(f -> f.type() == io.vectorlake.catalog.schema.DataType.VARCHAR)
        .orElse(false);
  }

  private static Optional<FieldSchema> field(CollectionSchema schema, String column) {
    return schema.field(column);
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String escapeLike(String s) {
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
