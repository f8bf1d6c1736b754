package io.vectorlake.spark;

import io.vectorlake.catalog.wal.WalOp;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.DataWriterFactory;
import org.apache.spark.sql.types.StructType;

/** Creates the per-task writers of a DataFrame write. */
record VectorlakeDataWriterFactory(
    ConnectorOptions options, StructType schema, String keyField, List<String> vectorFields, WalOp op,
    String partition)
    implements DataWriterFactory {

  @Override
  public DataWriter<InternalRow> createWriter(int partitionId, long taskId) {
    return new VectorlakeDataWriter(this, partitionId);
  }
}
