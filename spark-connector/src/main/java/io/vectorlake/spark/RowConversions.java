package io.vectorlake.spark;

import io.vectorlake.catalog.schema.InvalidRowException;
import io.vectorlake.catalog.schema.Row;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/** Converts rows between Vectorlake's canonical values and Spark's internal rows. */
final class RowConversions {
  private RowConversions() {}

  /** A Spark row with the columns of {@code schema}, from a canonical row. */
  static InternalRow toInternal(Row row, StructType schema) {
    Object[] values = new Object[schema.size()];
    for (int i = 0; i < values.length; i++) {
      StructField field = schema.fields()[i];
      values[i] = toInternal(row.get(field.name()), field.dataType());
    }
    return new GenericInternalRow(values);
  }

  private static Object toInternal(Object value, DataType type) {
    if (value == null) {
      return null;
    }
    if (type == DataTypes.ByteType) {
      return ((Integer) value).byteValue();
    } else if (type == DataTypes.ShortType) {
      return ((Integer) value).shortValue();
    } else if (type == DataTypes.StringType) {
      return UTF8String.fromString((String) value);
    } else if (type instanceof ArrayType array) {
      if (value instanceof float[] vector) {
        return ArrayData.toArrayData(vector);
      }
      List<?> list = (List<?>) value;
      Object[] items = new Object[list.size()];
      for (int i = 0; i < items.length; i++) {
        items[i] = toInternal(list.get(i), array.elementType());
      }
      return new GenericArrayData(items);
    }
    return value;
  }

  /** The field map of a Spark row, for the WAL writer (which checks it against the schema). */
  static Map<String, Object> toFields(InternalRow row, StructType schema, List<String> vectorFields) {
    Map<String, Object> fields = new HashMap<>();
    for (int i = 0; i < schema.size(); i++) {
      if (row.isNullAt(i)) {
        continue;
      }
      StructField field = schema.fields()[i];
      Object value = fromInternal(row, i, field.dataType(), vectorFields.contains(field.name()), field.name());
      fields.put(field.name(), value);
    }
    return fields;
  }

  private static Object fromInternal(InternalRow row, int i, DataType type, boolean vector, String name) {
    if (type == DataTypes.StringType) {
      return row.getUTF8String(i).toString();
    } else if (type instanceof ArrayType array) {
      ArrayData data = row.getArray(i);
      if (vector) {
        if (array.elementType() == DataTypes.FloatType) {
          return data.toFloatArray();
        }
        return data.toDoubleArray();
      }
      List<Object> items = new ArrayList<>(data.numElements());
      for (int j = 0; j < data.numElements(); j++) {
        items.add(data.isNullAt(j) ? null : array.elementType() == DataTypes.StringType
            ? data.getUTF8String(j).toString() : data.get(j, array.elementType()));
      }
      return items;
    } else if (type.getClass().getName().equals("org.apache.spark.ml.linalg.VectorUDT")) {
      // An ML vector is stored as struct<type, size, indices, values>; only dense ones fit.
      InternalRow struct = row.getStruct(i, 4);
      if (struct.getByte(0) != 1) {
        throw new InvalidRowException(name, "column '" + name + "' holds a sparse ML vector;"
            + " FLOAT_VECTOR fields take dense vectors (call toDense() first)");
      }
      return struct.getArray(3).toDoubleArray();
    }
    return row.get(i, type);
  }
}
