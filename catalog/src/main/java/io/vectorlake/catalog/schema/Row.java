package io.vectorlake.catalog.schema;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One entity's field values, canonical and checked against its schema (see {@link RowValidator}).
 * Absent and null fields are the same thing. The dynamic field, when present, is JSON text under
 * {@link CollectionSchema#DYNAMIC_FIELD}. Vectors are handed out without copying: do not modify
 * them.
 */
public final class Row implements java.io.Serializable {
  private final Map<String, Object> values;

  private Row(Map<String, Object> values) {
    this.values = Collections.unmodifiableMap(values);
  }

  /** A row from already canonical values (as read back from storage); nulls are dropped. */
  public static Row ofCanonical(Map<String, Object> values) {
    Map<String, Object> copy = new LinkedHashMap<>();
    values.forEach(
        (k, v) -> {
          if (v != null) {
            copy.put(k, v);
          }
        });
    return new Row(copy);
  }

  public Object get(String field) {
    return values.get(field);
  }

  public float[] vector(String field) {
    return (float[]) values.get(field);
  }

  public Map<String, Object> values() {
    return values;
  }

  /** A copy with one more (or one replaced) value. */
  public Row with(String field, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(values);
    copy.put(field, value);
    return new Row(copy);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Row other) || other.values.size() != values.size()) {
      return false;
    }
    for (Map.Entry<String, Object> e : values.entrySet()) {
      if (!Objects.deepEquals(e.getValue(), other.values.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 0;
    for (Map.Entry<String, Object> e : values.entrySet()) {
      h += e.getKey().hashCode() ^ Arrays.deepHashCode(new Object[] {e.getValue()});
    }
    return h;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("{");
    values.forEach(
        (k, v) -> {
          if (out.length() > 1) {
            out.append(", ");
          }
          out.append(k).append('=');
          out.append(v instanceof float[] f ? "float[" + f.length + "]" : v);
        });
    return out.append('}').toString();
  }
}
