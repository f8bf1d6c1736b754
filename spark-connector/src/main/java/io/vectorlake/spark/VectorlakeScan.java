package io.vectorlake.spark;

import io.vectorlake.catalog.expr.FilterExpression;
import io.vectorlake.catalog.segment.SegmentMetadata;
import io.vectorlake.catalog.view.ReadPlan;
import io.vectorlake.catalog.view.ResolvedRow;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.types.StructType;

/**
 * A read of the resolved collection at one WAL position (the newest, or {@code asOf}): one input
 * partition per live segment and one for the WAL tail, all resolved by the same {@link ReadPlan}.
 */
final class VectorlakeScan implements Scan, Batch {
  private final ConnectorOptions options;
  private final StructType readSchema;
  private final String filter;
  private final long asOf;

  VectorlakeScan(ConnectorOptions options, StructType readSchema, String filter, long asOf) {
    this.options = options;
    this.readSchema = readSchema;
    this.filter = filter;
    this.asOf = asOf;
  }

  @Override
  public StructType readSchema() {
    return readSchema;
  }

  @Override
  public String description() {
    return "vectorlake " + options.collection() + (filter == null ? "" : " filter: " + filter)
        + (asOf < 0 ? "" : " asOf " + asOf);
  }

  @Override
  public Batch toBatch() {
    return this;
  }

  @Override
  public InputPartition[] planInputPartitions() {
    try (Warehouse warehouse = Warehouse.open(options.warehouse())) {
      Collection collection = warehouse.loadCollection(options.collection());
      if (filter != null) {
        FilterExpression.parse(filter, collection.schema()); // a bad filter fails here, on the driver
      }
      long position = asOf >= 0 ? asOf : collection.walPosition();
      ReadPlan plan = ReadPlan.of(collection, position);
      ReadPlan forSegments = plan.forSegmentTasks();
      List<InputPartition> partitions = new ArrayList<>();
      for (SegmentMetadata segment : plan.rowSegments()) {
        partitions.add(new SegmentPartition(segment, forSegments));
      }
      partitions.add(new TailPartition(new ArrayList<>(plan.tailRows())));
      return partitions.toArray(InputPartition[]::new);
    } catch (IOException e) {
      throw new UncheckedIOException("planning a read of " + options.collection(), e);
    }
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    return new VectorlakeReaderFactory(options, readSchema, filter);
  }

  /** One sealed segment, read on an executor. */
  record SegmentPartition(SegmentMetadata segment, ReadPlan plan) implements InputPartition {}

  /** The resolved rows written after the watermark. */
  record TailPartition(List<ResolvedRow> rows) implements InputPartition {}
}
