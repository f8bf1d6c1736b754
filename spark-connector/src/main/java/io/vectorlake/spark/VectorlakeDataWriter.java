package io.vectorlake.spark;

import io.vectorlake.catalog.wal.StagedWal;
import io.vectorlake.catalog.wal.WalBatch;
import io.vectorlake.catalog.wal.WalWriter;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.WriterCommitMessage;

/**
 * One task of a DataFrame write: checks and stages its rows as WAL files in batches (nothing is
 * visible until the driver commits), and deletes what it staged if the task is aborted.
 */
final class VectorlakeDataWriter implements DataWriter<InternalRow> {
  static final int ROWS_PER_STAGE = 10_000;

  /** The files a task staged. */
  record Staged(List<StagedWal> batches) implements WriterCommitMessage {}

  private final VectorlakeDataWriterFactory factory;
  private final Warehouse warehouse;
  private final WalWriter writer;
  private final List<StagedWal> staged = new ArrayList<>();
  private final long offsetBase;
  private WalBatch batch = new WalBatch();
  private long written;

  VectorlakeDataWriter(VectorlakeDataWriterFactory factory, int partitionId) {
    this.factory = factory;
    this.warehouse = Warehouse.open(factory.options().warehouse());
    this.writer = warehouse.loadCollection(factory.options().collection()).walWriter();
    // Tasks' offsets never collide, so a commit's ops have one order (by task, then row).
    this.offsetBase = (long) partitionId << 40;
  }

  @Override
  public void write(InternalRow row) {
    Map<String, Object> fields = RowConversions.toFields(row, factory.schema(), factory.vectorFields());
    switch (factory.op()) {
      case INSERT -> batch.insert(factory.partition(), fields);
      case UPSERT -> batch.upsert(factory.partition(), fields);
      case DELETE -> batch.delete(factory.partition(), fields.get(factory.keyField()));
    }
    if (batch.size() >= ROWS_PER_STAGE) {
      stage();
    }
  }

  private void stage() {
    if (!batch.isEmpty()) {
      staged.add(writer.stage(batch, offsetBase + written));
      written += batch.size();
      batch = new WalBatch();
    }
  }

  @Override
  public WriterCommitMessage commit() {
    stage();
    return new Staged(List.copyOf(staged));
  }

  @Override
  public void abort() {
    writer.abort(staged);
    staged.clear();
  }

  @Override
  public void close() {
    warehouse.close();
  }
}
