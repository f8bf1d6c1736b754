package io.vectorlake.catalog.expr;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.Row;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch of rows stored column by column (one {@link Column} per scalar field, plus the dynamic
 * field), which {@link FilterExpression#evaluate} filters without boxing values.
 */
public final class ColumnBatch {
  private final int size;
  private final Map<String, Column> columns;

  /** A batch of {@code size} rows; every column must hold exactly {@code size} values. */
  public ColumnBatch(int size, Map<String, Column> columns) {
    columns.forEach(
        (name, column) -> {
          if (column.size() != size) {
            throw new IllegalArgumentException(
                "column '"
                    + name
                    + "' holds "
                    + column.size()
                    + " values; the batch has "
                    + size
                    + " rows");
          }
        });
    this.size = size;
    this.columns = Map.copyOf(columns);
  }

  /** Transposes canonical rows (see {@link Row}) into columns; vector fields are left out. */
  public static ColumnBatch of(CollectionSchema schema, List<Row> rows) {
    int n = rows.size();
    Map<String, Column> columns = new HashMap<>();
    for (FieldSchema field : schema.fields()) {
      if (field.type().isVector()) {
        continue;
      }
      String name = field.name();
      FilterBits nulls = new FilterBits(n);
      boolean anyNull = false;
      for (int i = 0; i < n; i++) {
        if (rows.get(i).get(name) == null) {
          nulls.set(i);
          anyNull = true;
        }
      }
      FilterBits nullBits = anyNull ? nulls : null;
      columns.put(name, column(field, rows, nullBits));
    }
    if (schema.enableDynamicField()) {
      String[] text = new String[n];
      for (int i = 0; i < n; i++) {
        Object meta = rows.get(i).get(CollectionSchema.DYNAMIC_FIELD);
        text[i] = meta == null ? "{}" : (String) meta;
      }
      columns.put(CollectionSchema.DYNAMIC_FIELD, new Column.Json(text, null));
    }
    return new ColumnBatch(n, columns);
  }

  private static Column column(FieldSchema field, List<Row> rows, FilterBits nulls) {
    int n = rows.size();
    String name = field.name();
    switch (field.type()) {
      case INT8, INT16, INT32 -> {
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
          if (rows.get(i).get(name) instanceof Number v) {
            values[i] = v.intValue();
          }
        }
        return new Column.Ints(values, nulls);
      }
      case INT64 -> {
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
          if (rows.get(i).get(name) instanceof Number v) {
            values[i] = v.longValue();
          }
        }
        return new Column.Longs(values, nulls);
      }
      case FLOAT -> {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
          if (rows.get(i).get(name) instanceof Number v) {
            values[i] = v.floatValue();
          }
        }
        return new Column.Floats(values, nulls);
      }
      case DOUBLE -> {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
          if (rows.get(i).get(name) instanceof Number v) {
            values[i] = v.doubleValue();
          }
        }
        return new Column.Doubles(values, nulls);
      }
      case BOOL -> {
        boolean[] values = new boolean[n];
        for (int i = 0; i < n; i++) {
          values[i] = Boolean.TRUE.equals(rows.get(i).get(name));
        }
        return new Column.Bools(values, nulls);
      }
      case VARCHAR -> {
        String[] values = new String[n];
        for (int i = 0; i < n; i++) {
          values[i] = (String) rows.get(i).get(name);
        }
        return new Column.Strings(values, nulls);
      }
      case JSON -> {
        String[] values = new String[n];
        for (int i = 0; i < n; i++) {
          values[i] = (String) rows.get(i).get(name);
        }
        return new Column.Json(values, nulls);
      }
      case ARRAY -> {
        List<?>[] values = new List<?>[n];
        for (int i = 0; i < n; i++) {
          values[i] = (List<?>) rows.get(i).get(name);
        }
        return new Column.Arrays(values, nulls);
      }
      default -> throw new IllegalStateException("no column layout for " + field.type());
    }
  }

  public int size() {
    return size;
  }

  /** The named column; the expression was checked against the schema, so it must be here. */
  public Column column(String name) {
    Column column = columns.get(name);
    if (column == null) {
      throw new IllegalArgumentException(
          "the batch has no column '" + name + "'; it has " + columns.keySet());
    }
    return column;
  }
}
