package io.vectorlake.catalog.expr;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One field's values in a {@link ColumnBatch}, in primitive arrays; {@code nulls} marks null rows
 * (null when the column has none); values at null rows are unspecified.
 */
public sealed interface Column {
  FilterBits nulls();

  int size();

  /** The canonical value at {@code row} (see {@link io.vectorlake.catalog.schema.Row}), or null. */
  default Object value(int row) {
    FilterBits nulls = nulls();
    return nulls != null && nulls.get(row) ? null : present(row);
  }

  /** The value at a row that is not null, boxed as the canonical type of the field. */
  Object present(int row);

  /** INT8, INT16 and INT32 fields. */
  record Ints(int[] values, FilterBits nulls) implements Column {
    public Object present(int row) {
      return values[row];
    }

    public int size() {
      return values.length;
    }
  }

  /** INT64 fields. */
  record Longs(long[] values, FilterBits nulls) implements Column {
    public Object present(int row) {
      return values[row];
    }

    public int size() {
      return values.length;
    }
  }

  record Floats(float[] values, FilterBits nulls) implements Column {
    public Object present(int row) {
      return values[row];
    }

    public int size() {
      return values.length;
    }
  }

  record Doubles(double[] values, FilterBits nulls) implements Column {
    public Object present(int row) {
      return values[row];
    }

    public int size() {
      return values.length;
    }
  }

  record Bools(boolean[] values, FilterBits nulls) implements Column {
    public Object present(int row) {
      return values[row];
    }

    public int size() {
      return values.length;
    }
  }

  /** VARCHAR fields. */
  record Strings(String[] values, FilterBits nulls) implements Column {
    public Object present(int row) {
      return values[row];
    }

    public int size() {
      return values.length;
    }
  }

  /** ARRAY fields: each row a List of canonical elements. */
  record Arrays(List<?>[] values, FilterBits nulls) implements Column {
    public Object present(int row) {
      return values[row];
    }

    public int size() {
      return values.length;
    }
  }

  /** JSON fields and the dynamic field, as JSON text; parsed once, on first use. */
  final class Json implements Column {
    private final String[] text;
    private final FilterBits nulls;
    // Filled on first use; a race only parses twice, it never publishes a partial array.
    private volatile JsonNode[] parsed;

    public Json(String[] text, FilterBits nulls) {
      this.text = text;
      this.nulls = nulls;
    }

    @Override
    public FilterBits nulls() {
      return nulls;
    }

    @Override
    public int size() {
      return text.length;
    }

    @Override
    public Object present(int row) {
      return text[row];
    }

    /** Parsed documents; null at null rows. */
    JsonNode[] nodes() {
      JsonNode[] nodes = parsed;
      if (nodes == null) {
        nodes = new JsonNode[text.length];
        for (int i = 0; i < text.length; i++) {
          nodes[i] = text[i] == null ? null : JsonValues.parse(text[i]);
        }
        parsed = nodes;
      }
      return nodes;
    }
  }
}
