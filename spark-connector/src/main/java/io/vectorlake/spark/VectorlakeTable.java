package io.vectorlake.spark;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.view.CollectionView;
import io.vectorlake.catalog.wal.WalBatch;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsDelete;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.SupportsWrite;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/** A collection as a Spark table: batch reads of the resolved collection, WAL appends, deletes. */
final class VectorlakeTable implements SupportsRead, SupportsWrite, SupportsDelete {
  private final ConnectorOptions options;
  private final CollectionSchema schema;
  private final boolean acceptAnySchema;

  /**
   * With {@code acceptAnySchema} (the DataFrame source) a write may carry a subset of the columns
   * (a delete only the key) or dynamic ones, checked by Vectorlake; without it (SQL tables) Spark
   * aligns an INSERT to the table's columns by position.
   */
  VectorlakeTable(ConnectorOptions options, CollectionSchema schema, boolean acceptAnySchema) {
    this.options = options;
    this.schema = schema;
    this.acceptAnySchema = acceptAnySchema;
  }

  @Override
  public String name() {
    return options.collection().toString();
  }

  @Override
  public StructType schema() {
    return SparkSchemas.toSpark(schema);
  }

  @Override
  public Set<TableCapability> capabilities() {
    return acceptAnySchema
        ? Set.of(TableCapability.BATCH_READ, TableCapability.BATCH_WRITE,
            TableCapability.ACCEPT_ANY_SCHEMA)
        : Set.of(TableCapability.BATCH_READ, TableCapability.BATCH_WRITE);
  }

  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap scanOptions) {
    return new VectorlakeScanBuilder(options, schema, scanOptions);
  }

  @Override
  public WriteBuilder newWriteBuilder(LogicalWriteInfo info) {
    return new VectorlakeWriteBuilder(options, schema, info);
  }

  @Override
  public boolean canDeleteWhere(Filter[] filters) {
    return SparkFilters.translate(filters, schema).unsupported().isEmpty();
  }

  /** {@code DELETE FROM ... WHERE}: one WAL commit deleting every matching key. */
  @Override
  public void deleteWhere(Filter[] filters) {
    String expression = SparkFilters.translate(filters, schema).expression();
    try (Warehouse warehouse = Warehouse.open(options.warehouse())) {
      Collection collection = warehouse.loadCollection(options.collection());
      var filter = expression == null ? null
          : io.vectorlake.catalog.expr.FilterExpression.parse(expression, collection.schema());
      List<Object> keys = new ArrayList<>();
      CollectionView.latest(collection).rows().forEach((key, row) -> {
        if (filter == null || filter.matches(row.row())) {
          keys.add(key);
        }
      });
      if (!keys.isEmpty()) {
        WalBatch batch = new WalBatch();
        keys.forEach(batch::delete);
        collection.walWriter().commit(batch);
      }
    }
  }
}
