package io.vectorlake.spark;

import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.util.Map;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * {@code spark.read/write.format("vectorlake")}: a collection as a DataFrame. Reads return the
 * resolved collection; writes append one WAL commit per job. With {@code option("create", "true")}
 * a write creates the collection from the DataFrame's schema.
 */
public final class VectorlakeSource implements TableProvider, DataSourceRegister {
  @Override
  public String shortName() {
    return "vectorlake";
  }

  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    ConnectorOptions opts = ConnectorOptions.from(options.asCaseSensitiveMap());
    try (Warehouse warehouse = Warehouse.open(opts.warehouse())) {
      if (!warehouse.hasCollection(opts.collection()) && options.getBoolean("create", false)) {
        return new StructType(); // the write's DataFrame schema decides
      }
      return SparkSchemas.toSpark(warehouse.loadCollection(opts.collection()).schema());
    }
  }

  @Override
  public boolean supportsExternalMetadata() {
    return true;
  }

  @Override
  public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
    ConnectorOptions opts = ConnectorOptions.from(properties);
    CaseInsensitiveStringMap options = new CaseInsensitiveStringMap(properties);
    try (Warehouse warehouse = Warehouse.open(opts.warehouse())) {
      Collection collection;
      if (!warehouse.hasCollection(opts.collection()) && options.getBoolean("create", false)) {
        collection = warehouse.createCollection(opts.collection(), SparkSchemas.fromSpark(schema, options));
      } else {
        collection = warehouse.loadCollection(opts.collection());
      }
      return new VectorlakeTable(opts, collection.schema(), true);
    }
  }
}
