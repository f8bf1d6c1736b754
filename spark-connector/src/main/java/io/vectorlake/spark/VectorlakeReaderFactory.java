package io.vectorlake.spark;

import io.vectorlake.catalog.expr.FilterExpression;
import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.segment.SegmentReader;
import io.vectorlake.catalog.view.ResolvedRow;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Reads one input partition on an executor: visible rows, filtered, as Spark rows. */
final class VectorlakeReaderFactory implements PartitionReaderFactory {
  private final ConnectorOptions options;
  private final StructType readSchema;
  private final String filter;

  VectorlakeReaderFactory(ConnectorOptions options, StructType readSchema, String filter) {
    this.options = options;
    this.readSchema = readSchema;
    this.filter = filter;
  }

  @Override
  public PartitionReader<InternalRow> createReader(InputPartition partition) {
    try (Warehouse warehouse = Warehouse.open(options.warehouse())) {
      Collection collection = warehouse.loadCollection(options.collection());
      CollectionSchema schema = collection.schema();
      FilterExpression expression = filter == null ? null : FilterExpression.parse(filter, schema);
      List<ResolvedRow> rows;
      if (partition instanceof VectorlakeScan.SegmentPartition segment) {
        List<String> fields = new ArrayList<>();
        if (expression == null) {
          for (StructField field : readSchema.fields()) {
            if (schema.field(field.name()).isPresent() && !schema.primaryKey().name().equals(field.name())) {
              fields.add(field.name());
            }
          }
        }
        SegmentReader reader = new SegmentReader(collection);
        rows = expression == null && !readSchema.getFieldIndex(CollectionSchema.DYNAMIC_FIELD).isDefined()
            ? reader.rows(segment.segment(), fields)
            : reader.rows(segment.segment());
        rows.removeIf(row -> !segment.plan().isVisible(row));
      } else {
        rows = new ArrayList<>(((VectorlakeScan.TailPartition) partition).rows());
      }
      if (expression != null) {
        rows.removeIf(row -> !expression.matches(row.row()));
      }
      return new RowsReader(rows.iterator(), readSchema);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("reading " + options.collection(), e);
    }
  }

  /** Hands resolved rows to Spark one by one. */
  private static final class RowsReader implements PartitionReader<InternalRow> {
    private final Iterator<ResolvedRow> rows;
    private final StructType schema;
    private InternalRow current;

    RowsReader(Iterator<ResolvedRow> rows, StructType schema) {
      this.rows = rows;
      this.schema = schema;
    }

    @Override
    public boolean next() {
      if (!rows.hasNext()) {
        return false;
      }
      current = RowConversions.toInternal(rows.next().row(), schema);
      return true;
    }

    @Override
    public InternalRow get() {
      return current;
    }

    @Override
    public void close() {}
  }
}
