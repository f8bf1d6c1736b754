package io.vectorlake.flink;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.InvalidSchemaException;
import io.vectorlake.catalog.wal.WalOp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.RowKind;

/**
 * Maps Flink's {@link RowData} (Table API, SQL) to sink ops: columns to fields by name, the row
 * kind to the op ({@code +I} insert, {@code +U} upsert, {@code -D} delete, {@code -U} skipped).
 * Vectors arrive as {@code ARRAY<FLOAT>}; JSON fields as {@code STRING} holding JSON text.
 */
public final class RowDataConverter implements VectorlakeRecordConverter<RowData> {
  private final String[] names;
  private final RowData.FieldGetter[] getters;
  private final ElementKind[] kinds;
  private final ArrayData.ElementGetter[] elementGetters;
  private final int primaryKeyIndex;

  /** How a column's internal value becomes the Java value the row validator expects. */
  private enum ElementKind { PLAIN, STRING, FLOAT_VECTOR, DOUBLE_VECTOR, ARRAY }

  private RowDataConverter(String[] names, RowData.FieldGetter[] getters, ElementKind[] kinds,
      ArrayData.ElementGetter[] elementGetters, int primaryKeyIndex) {
    this.names = names;
    this.getters = getters;
    this.kinds = kinds;
    this.elementGetters = elementGetters;
    this.primaryKeyIndex = primaryKeyIndex;
  }

  /**
   * A converter for rows of {@code rowType} into {@code schema}'s collection. Fails, naming the
   * column, if a column is not a field of the collection (and the collection has no dynamic field)
   * or has a type that cannot carry the field's values.
   */
  public static RowDataConverter of(RowType rowType, CollectionSchema schema) {
    int n = rowType.getFieldCount();
    String[] names = new String[n];
    RowData.FieldGetter[] getters = new RowData.FieldGetter[n];
    ElementKind[] kinds = new ElementKind[n];
    ArrayData.ElementGetter[] elementGetters = new ArrayData.ElementGetter[n];
    int primaryKeyIndex = -1;
    for (int i = 0; i < n; i++) {
      String name = rowType.getFieldNames().get(i);
      LogicalType type = rowType.getTypeAt(i);
      FieldSchema field = schema.field(name).orElse(null);
      if (field == null && !schema.enableDynamicField()) {
        throw new InvalidSchemaException(
            "column '" + name + "' is not a field of the collection, which declares "
                + schema.fields().stream().map(FieldSchema::name).toList()
                + " and has no dynamic field");
      }
      if (field != null) {
        checkType(field, name, type);
        primaryKeyIndex = field.primaryKey() ? i : primaryKeyIndex;
      }
      names[i] = name;
      getters[i] = RowData.createFieldGetter(type, i);
      kinds[i] = kindOf(field, type);
      if (kinds[i] == ElementKind.ARRAY) {
        elementGetters[i] = ArrayData.createElementGetter(((ArrayType) type).getElementType());
      }
    }
    FieldSchema primaryKey = schema.primaryKey();
    if (primaryKeyIndex < 0 && !primaryKey.autoId()) {
      throw new InvalidSchemaException(
          "the rows have no column for the primary key '" + primaryKey.name() + "'; columns are "
              + rowType.getFieldNames());
    }
    return new RowDataConverter(names, getters, kinds, elementGetters, primaryKeyIndex);
  }

  private static ElementKind kindOf(FieldSchema field, LogicalType type) {
    if (field != null && field.type() == DataType.FLOAT_VECTOR) {
      return ((ArrayType) type).getElementType().getTypeRoot() == LogicalTypeRoot.FLOAT
          ? ElementKind.FLOAT_VECTOR : ElementKind.DOUBLE_VECTOR;
    }
    return switch (type.getTypeRoot()) {
      case CHAR, VARCHAR -> ElementKind.STRING;
      case ARRAY -> ElementKind.ARRAY;
      default -> ElementKind.PLAIN;
    };
  }

  private static void checkType(FieldSchema field, String column, LogicalType type) {
    LogicalTypeRoot root = type.getTypeRoot();
    boolean fits = switch (field.type()) {
      case BOOL -> root == LogicalTypeRoot.BOOLEAN;
      case INT8, INT16, INT32, INT64 -> root == LogicalTypeRoot.TINYINT
          || root == LogicalTypeRoot.SMALLINT || root == LogicalTypeRoot.INTEGER
          || root == LogicalTypeRoot.BIGINT;
      case FLOAT, DOUBLE -> root == LogicalTypeRoot.FLOAT || root == LogicalTypeRoot.DOUBLE;
      case VARCHAR, JSON -> root == LogicalTypeRoot.VARCHAR || root == LogicalTypeRoot.CHAR;
      case FLOAT_VECTOR -> root == LogicalTypeRoot.ARRAY
          && isFloating(((ArrayType) type).getElementType().getTypeRoot());
      case ARRAY -> root == LogicalTypeRoot.ARRAY;
    };
    if (!fits) {
      throw new InvalidSchemaException(
          "column '" + column + "' has type " + type + ", which cannot hold the " + field.type()
              + " field '" + field.name() + "'" + (field.type() == DataType.FLOAT_VECTOR
                  ? " (declare vectors as ARRAY<FLOAT>)" : ""));
    }
  }

  private static boolean isFloating(LogicalTypeRoot root) {
    return root == LogicalTypeRoot.FLOAT || root == LogicalTypeRoot.DOUBLE;
  }

  @Override
  public Object rawPrimaryKey(RowData row, String primaryKeyField) {
    if (primaryKeyIndex < 0 || row.getRowKind() == RowKind.UPDATE_BEFORE) {
      return null;
    }
    return value(primaryKeyIndex, row);
  }

  @Override
  public VectorlakeRecord convert(RowData row) {
    switch (row.getRowKind()) {
      case UPDATE_BEFORE:
        return null; // the +U that follows carries the new row
      case DELETE:
        Object key = primaryKeyIndex < 0 ? null : value(primaryKeyIndex, row);
        if (key == null) {
          throw new IllegalArgumentException(
              "a -D row has no primary key value (column '"
                  + (primaryKeyIndex < 0 ? "?" : names[primaryKeyIndex]) + "'): " + row);
        }
        return new VectorlakeRecord(WalOp.DELETE, null, null, key);
      default:
        Map<String, Object> values = new HashMap<>(names.length * 2);
        for (int i = 0; i < names.length; i++) {
          Object value = value(i, row);
          if (value != null) {
            values.put(names[i], value);
          }
        }
        WalOp op = row.getRowKind() == RowKind.INSERT
            ? WalOp.INSERT : WalOp.UPSERT;
        return new VectorlakeRecord(op, null, values, null);
    }
  }

  private Object value(int i, RowData row) {
    Object value = getters[i].getFieldOrNull(row);
    if (value == null) {
      return null;
    }
    return switch (kinds[i]) {
      case STRING -> value.toString();
      case FLOAT_VECTOR -> vector((ArrayData) value, names[i], false);
      case DOUBLE_VECTOR -> vector((ArrayData) value, names[i], true);
      case ARRAY -> list((ArrayData) value, i);
      case PLAIN -> value;
    };
  }

  private static Object vector(ArrayData array, String column, boolean doubles) {
    for (int i = 0; i < array.size(); i++) {
      if (array.isNullAt(i)) {
        throw new IllegalArgumentException(
            "vector column '" + column + "' has a null component at index " + i);
      }
    }
    // The row validator narrows double[] to float[] itself.
    return doubles ? array.toDoubleArray() : array.toFloatArray();
  }

  private List<Object> list(ArrayData array, int column) {
    List<Object> out = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      Object element = elementGetters[column].getElementOrNull(array, i);
      out.add(element instanceof StringData text ? text.toString() : element);
    }
    return out;
  }
}
