package io.vectorlake.serving.collection;

import io.vectorlake.catalog.warehouse.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.iceberg.Table;

/**
 * Where a collection's requested indexes live: one WAL table property {@value #PREFIX}{@code
 * <field>} per indexed field, holding the {@link IndexSpec} as Milvus described it (name, type,
 * metric, params) for DescribeIndex; for vector fields the catalog's own index spec, which the
 * index builder reads, is recorded beside it ({@code Collection.setIndexSpec}).
 */
public final class IndexSpecs {
  public static final String PREFIX = "vectorlake.milvus-index.";

  private IndexSpecs() {}

  /** The index specs by field name, as of the table metadata last read. */
  public static Map<String, IndexSpec> of(Table table) {
    Map<String, IndexSpec> specs = new LinkedHashMap<>();
    table.properties().forEach((key, value) -> {
      if (key.startsWith(PREFIX)) {
        specs.put(key.substring(PREFIX.length()), IndexSpec.fromJson(value));
      }
    });
    return specs;
  }

  public static Map<String, IndexSpec> read(Collection collection) {
    Table table = collection.walTable();
    table.refresh();
    return of(table);
  }

  // Setting one key is idempotent, so Iceberg's retry-by-reapplying on a conflict is safe here
  // (unlike counters, which the catalog updates by compare-and-swap).
  public static void put(Collection collection, IndexSpec spec) {
    if (spec.metric() != null) {
      // Checks the parameters (an unknown one is an error naming it) before anything is recorded.
      collection.setIndexSpec(spec.fieldName(), io.vectorlake.catalog.index.IndexSpec.fromMilvus(
          spec.indexType(), spec.metric(), spec.params()));
    }
    collection.walTable().updateProperties().set(PREFIX + spec.fieldName(), spec.toJson()).commit();
  }

  public static void remove(Collection collection, String fieldName) {
    if (collection.hasIndexSpec(fieldName)) {
      collection.dropIndexSpec(fieldName);
    }
    collection.walTable().updateProperties().remove(PREFIX + fieldName).commit();
  }
}
