package io.vectorlake.serving.query;

import io.milvus.grpc.TemplateArrayValue;
import io.milvus.grpc.TemplateValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts a request's filter template values ({@code expr_template_values}) to plain Java values. */
public final class TemplateValues {
  private TemplateValues() {}

  public static Map<String, Object> of(Map<String, TemplateValue> values) {
    Map<String, Object> out = new LinkedHashMap<>();
    values.forEach((name, value) -> out.put(name, value(value)));
    return out;
  }

  private static Object value(TemplateValue value) {
    return switch (value.getValCase()) {
      case BOOL_VAL -> value.getBoolVal();
      case INT64_VAL -> value.getInt64Val();
      case FLOAT_VAL -> value.getFloatVal();
      case STRING_VAL -> value.getStringVal();
      case ARRAY_VAL -> array(value.getArrayVal());
      default -> throw new IllegalArgumentException("a filter template value is empty");
    };
  }

  private static List<Object> array(TemplateArrayValue array) {
    return switch (array.getDataCase()) {
      case BOOL_DATA -> new ArrayList<>(array.getBoolData().getDataList());
      case LONG_DATA -> new ArrayList<>(array.getLongData().getDataList());
      case DOUBLE_DATA -> new ArrayList<>(array.getDoubleData().getDataList());
      case STRING_DATA -> new ArrayList<>(array.getStringData().getDataList());
      case ARRAY_DATA -> {
        List<Object> out = new ArrayList<>();
        array.getArrayData().getDataList().forEach(a -> out.add(array(a)));
        yield out;
      }
      default -> throw new IllegalArgumentException(
          "filter template arrays of " + array.getDataCase() + " are not supported");
    };
  }
}
