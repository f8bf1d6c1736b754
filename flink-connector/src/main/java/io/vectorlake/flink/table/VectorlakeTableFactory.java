package io.vectorlake.flink.table;

import io.vectorlake.flink.VectorlakeSink;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.catalog.UniqueConstraint;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.CatalogProperties;

/**
 * The {@code 'connector' = 'vectorlake'} SQL table: {@code INSERT INTO} it writes the rows into a
 * collection's WAL through the {@link VectorlakeSink}. Options are those of the sink builder;
 * {@code catalog.*} options go to the Iceberg catalog without the prefix.
 */
public final class VectorlakeTableFactory implements DynamicTableSinkFactory {
  public static final String IDENTIFIER = "vectorlake";
  public static final String CATALOG_PREFIX = "catalog.";

  public static final ConfigOption<String> WAREHOUSE = ConfigOptions.key("warehouse")
      .stringType().noDefaultValue()
      .withDescription("The warehouse location: a directory for the embedded catalog, or the"
          + " Iceberg 'warehouse' property of the catalog set with catalog.* options.");
  public static final ConfigOption<String> COLLECTION = ConfigOptions.key("collection")
      .stringType().noDefaultValue()
      .withDescription("The collection to write, as db.name.");
  public static final ConfigOption<String> PARTITION = ConfigOptions.key("partition")
      .stringType().noDefaultValue()
      .withDescription("The partition of the rows (default: the collection's default partition).");
  public static final ConfigOption<Integer> BATCH_ROWS = ConfigOptions.key("sink.batch-rows")
      .intType().defaultValue(io.vectorlake.flink.VectorlakeSinkBuilder.DEFAULT_BATCH_ROWS)
      .withDescription("Rows per staged WAL batch; bounds the rows a writer holds in memory.");
  public static final ConfigOption<Boolean> UPSERT_INSERTS = ConfigOptions
      .key("sink.upsert-inserts").booleanType().defaultValue(false)
      .withDescription("Write +I rows as upserts instead of inserts.");

  @Override
  public String factoryIdentifier() {
    return IDENTIFIER;
  }

  @Override
  public Set<ConfigOption<?>> requiredOptions() {
    return Set.of(WAREHOUSE, COLLECTION);
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    return Set.of(PARTITION, BATCH_ROWS, UPSERT_INSERTS, FactoryUtil.SINK_PARALLELISM);
  }

  @Override
  public DynamicTableSink createDynamicTableSink(Context context) {
    FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
    helper.validateExcept(CATALOG_PREFIX);
    ReadableConfig options = helper.getOptions();

    Map<String, String> catalog = new HashMap<>();
    context.getCatalogTable().getOptions().forEach((key, value) -> {
      if (key.startsWith(CATALOG_PREFIX)) {
        catalog.put(key.substring(CATALOG_PREFIX.length()), value);
      }
    });
    catalog.put(CatalogProperties.WAREHOUSE_LOCATION, options.get(WAREHOUSE));

    RowType rowType = (RowType) context.getPhysicalRowDataType().getLogicalType();
    var sinkBuilder = VectorlakeSink.builder()
        .warehouse(catalog)
        .collection(options.get(COLLECTION))
        .batchRows(options.get(BATCH_ROWS))
        .upsertInserts(options.get(UPSERT_INSERTS))
        .partition(options.getOptional(PARTITION).orElse(null))
        .forRowData(rowType);
    VectorlakeSink<RowData> sink = sinkBuilder.build();

    List<String> declaredKey = context.getCatalogTable().getResolvedSchema().getPrimaryKey()
        .map(UniqueConstraint::getColumns).orElse(List.of());
    String collectionKey = sink.primaryKeyField();
    if (!declaredKey.isEmpty() && !declaredKey.equals(List.of(collectionKey))) {
      throw new IllegalArgumentException(
          "table " + context.getObjectIdentifier().asSummaryString() + " declares PRIMARY KEY "
              + declaredKey + ", but collection " + sink.collection() + " is keyed by '"
              + collectionKey + "'");
    }
    return new VectorlakeTableSink(
        sink, !declaredKey.isEmpty(), options.getOptional(FactoryUtil.SINK_PARALLELISM).orElse(null));
  }
}
