package io.vectorlake.spark;

import io.vectorlake.catalog.wal.StagedWal;
import io.vectorlake.catalog.wal.WalCommit;
import io.vectorlake.catalog.wal.WalOp;
import io.vectorlake.catalog.wal.WalWriter;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.spark.sql.connector.write.BatchWrite;
import org.apache.spark.sql.connector.write.DataWriterFactory;
import org.apache.spark.sql.connector.write.PhysicalWriteInfo;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DataFrame write as one WAL commit: tasks stage WAL files, and the driver commits the files of
 * the successful task attempts Spark hands it (its commit coordinator lets one attempt per
 * partition commit, so retried and speculative tasks never duplicate rows) in one Iceberg append.
 *
 * <p>Spark calls {@link #abort} after any failure of {@link #commit}, also one that came after the
 * append landed (a lost catalog response, a failure closing the catalog). Abort deletes the
 * staged files only while no commit of this write can have landed; otherwise it keeps them: if
 * the commit landed the WAL references them, and if it did not they are unreferenced files, which
 * readers never see and which cost only space (a lost row beats a leaked file).
 */
final class VectorlakeBatchWrite implements BatchWrite {
  private static final Logger LOG = LoggerFactory.getLogger(VectorlakeBatchWrite.class);

  private final ConnectorOptions options;
  private final StructType schema;
  private final String keyField;
  private final List<String> vectorFields;
  private final WalOp op;
  private final String partition;
  private final String queryId;
  /** Set once a commit of these files may have landed; read by {@link #abort} on the driver. */
  private volatile boolean mayHaveLanded;

  VectorlakeBatchWrite(ConnectorOptions options, StructType schema, String keyField,
      List<String> vectorFields, WalOp op, String partition, String queryId) {
    this.options = options;
    this.schema = schema;
    this.keyField = keyField;
    this.vectorFields = vectorFields;
    this.op = op;
    this.partition = partition;
    this.queryId = queryId;
  }

  @Override
  public DataWriterFactory createBatchWriterFactory(PhysicalWriteInfo info) {
    return new VectorlakeDataWriterFactory(options, schema, keyField, vectorFields, op, partition);
  }

  @Override
  public boolean useCommitCoordinator() {
    return true;
  }

  @Override
  public void commit(WriterCommitMessage[] messages) {
    List<StagedWal> staged = staged(messages);
    if (staged.isEmpty()) {
      return;
    }
    try (Warehouse warehouse = Warehouse.open(options.warehouse())) {
      WalWriter writer = warehouse.loadCollection(options.collection()).walWriter();
      mayHaveLanded = true;
      WalCommit commit;
      try {
        commit = writer.commitStaged(
            staged, Map.of("spark.query-id", queryId == null ? "" : queryId));
      } catch (CommitStateUnknownException e) {
        throw e;
      } catch (RuntimeException e) {
        mayHaveLanded = false; // WalWriter: any other exception means the append did not land
        throw e;
      }
      LOG.info("committed {} {} ops to {} at WAL position {}", commit.primaryKeys().size(), op,
          options.collection(), commit.position());
    }
  }

  @Override
  public void abort(WriterCommitMessage[] messages) {
    List<StagedWal> staged = staged(messages);
    if (mayHaveLanded) {
      LOG.warn("write to {} aborted after its WAL commit may have landed: keeping its {} staged"
          + " files (referenced if the commit landed, else unreferenced and unread)",
          options.collection(), staged.stream().mapToInt(s -> s.files().size()).sum());
      return;
    }
    try (Warehouse warehouse = Warehouse.open(options.warehouse())) {
      warehouse.loadCollection(options.collection()).walWriter().abort(staged);
    }
  }

  private static List<StagedWal> staged(WriterCommitMessage[] messages) {
    List<StagedWal> staged = new ArrayList<>();
    for (WriterCommitMessage message : messages) {
      if (message instanceof VectorlakeDataWriter.Staged s) {
        staged.addAll(s.batches());
      }
    }
    return staged;
  }
}
