package io.vectorlake.spark;

import io.vectorlake.catalog.warehouse.CollectionId;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The options of {@code format("vectorlake")}: {@code warehouse} (a directory or URI), any Iceberg
 * catalog property as {@code conf.<property>} (e.g. {@code conf.type=jdbc}), and {@code
 * collection} ({@code db.name}).
 */
record ConnectorOptions(Map<String, String> warehouse, CollectionId collection) implements Serializable {
  static final String CONF_PREFIX = "conf.";

  static ConnectorOptions from(Map<String, String> options) {
    CaseInsensitiveStringMap map = new CaseInsensitiveStringMap(options);
    String collection = map.get("collection");
    if (collection == null || collection.isBlank()) {
      throw new IllegalArgumentException(
          "format(\"vectorlake\") needs option(\"collection\", \"db.name\")");
    }
    return new ConnectorOptions(warehouseProperties(options), CollectionId.parse(collection));
  }

  static Map<String, String> warehouseProperties(Map<String, String> options) {
    Map<String, String> props = new HashMap<>();
    options.forEach((key, value) -> {
      if (key.regionMatches(true, 0, CONF_PREFIX, 0, CONF_PREFIX.length())) {
        props.put(key.substring(CONF_PREFIX.length()), value);
      } else if (key.equalsIgnoreCase("warehouse")) {
        props.put("warehouse", value);
      }
    });
    if (!props.containsKey("warehouse") && !props.containsKey("uri")) {
      throw new IllegalArgumentException(
          "format(\"vectorlake\") needs option(\"warehouse\", DIR_OR_URI) or conf.* catalog properties");
    }
    return props;
  }
}
