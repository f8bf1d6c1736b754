package io.vectorlake.spark;

import io.vectorlake.catalog.schema.CollectionSchema;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownFilters;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * Plans a read: keeps only the columns Spark needs and turns Spark filters into a Vectorlake
 * filter expression evaluated while reading. Spark still re-checks every filter, so pushdown only
 * ever saves work.
 */
final class VectorlakeScanBuilder
    implements ScanBuilder, SupportsPushDownRequiredColumns, SupportsPushDownFilters {
  private final ConnectorOptions options;
  private final CollectionSchema schema;
  private final CaseInsensitiveStringMap scanOptions;
  private StructType required;
  private Filter[] pushed = new Filter[0];
  private String pushedExpression;

  VectorlakeScanBuilder(ConnectorOptions options, CollectionSchema schema,
      CaseInsensitiveStringMap scanOptions) {
    this.options = options;
    this.schema = schema;
    this.scanOptions = scanOptions;
    this.required = SparkSchemas.toSpark(schema);
  }

  @Override
  public void pruneColumns(StructType requiredSchema) {
    this.required = requiredSchema;
  }

  @Override
  public Filter[] pushFilters(Filter[] filters) {
    SparkFilters.Translation translation = SparkFilters.translate(filters, schema);
    pushed = translation.translated().toArray(Filter[]::new);
    pushedExpression = translation.expression();
    return filters;
  }

  @Override
  public Filter[] pushedFilters() {
    return pushed;
  }

  @Override
  public Scan build() {
    List<String> filters = new ArrayList<>();
    if (pushedExpression != null) {
      filters.add("(" + pushedExpression + ")");
    }
    String userFilter = scanOptions.get("filter");
    if (userFilter != null && !userFilter.isBlank()) {
      filters.add("(" + userFilter + ")");
    }
    long asOf = scanOptions.getLong("asOf", -1);
    return new VectorlakeScan(options, required,
        filters.isEmpty() ? null : String.join(" and ", filters), asOf);
  }
}
