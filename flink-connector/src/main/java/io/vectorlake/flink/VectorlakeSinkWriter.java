package io.vectorlake.flink;

import io.vectorlake.catalog.schema.InvalidRowException;
import io.vectorlake.catalog.wal.StagedWal;
import io.vectorlake.catalog.wal.WalBatch;
import io.vectorlake.catalog.wal.WalOp;
import io.vectorlake.catalog.wal.WalWriter;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.io.WriteResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stages a subtask's ops as WAL files: every {@code batchRows} ops go through one {@link
 * WalWriter#stage} call (validation, auto-ids, one Parquet file per shard), so a checkpoint's rows
 * are never all held in memory; at the checkpoint the files staged since the last one become this
 * subtask's write result.
 */
final class VectorlakeSinkWriter<IN> implements CommittingSinkWriter<IN, WriteResult> {
  static final String ROWS_WRITTEN = "rowsWritten";
  static final String BYTES_WRITTEN = "bytesWritten";

  private static final Pattern BATCH_INDEX =
      Pattern.compile("op \\d+ \\((\\w+)\\): (.*)", Pattern.DOTALL);
  private static final Logger LOG = LoggerFactory.getLogger(VectorlakeSinkWriter.class);

  private final Warehouse warehouse;
  private final String collectionName;
  private final WalWriter wal;
  private final VectorlakeRecordConverter<IN> converter;
  private final int batchRows;
  private final boolean upsertInserts;
  private final String partition;
  private final Counter rowsWritten;
  private final Counter bytesWritten;
  private final Counter recordsSent;
  private final Counter bytesSent;

  private WalBatch batch = new WalBatch();
  private List<DataFile> staged = new ArrayList<>();
  // Offsets order a key's ops within one commit; every op of a key passes through this writer, so
  // a counter local to it suffices (commits of later checkpoints have higher positions anyway).
  private long nextOffset;

  VectorlakeSinkWriter(
      Map<String, String> warehouseProperties,
      String collectionName,
      VectorlakeRecordConverter<IN> converter,
      int batchRows,
      boolean upsertInserts,
      String partition,
      SinkWriterMetricGroup metrics) {
    this.warehouse = Warehouse.open(warehouseProperties);
    this.collectionName = collectionName;
    Collection collection = warehouse.loadCollection(CollectionId.parse(collectionName));
    this.wal = collection.walWriter();
    this.converter = converter;
    this.batchRows = batchRows;
    this.upsertInserts = upsertInserts;
    this.partition = partition;
    this.rowsWritten = metrics.counter(ROWS_WRITTEN);
    this.bytesWritten = metrics.counter(BYTES_WRITTEN);
    this.recordsSent = metrics.getNumRecordsSendCounter();
    this.bytesSent = metrics.getNumBytesSendCounter();
  }

  @Override
  public void write(IN element, Context context) {
    VectorlakeRecord record = converter.convert(element);
    if (record == null) {
      return;
    }
    String target = record.partition() != null ? record.partition() : partition;
    WalOp op = upsertInserts && record.op() == WalOp.INSERT ? WalOp.UPSERT : record.op();
    switch (op) {
      case INSERT -> batch.insert(target, record.row());
      case UPSERT -> batch.upsert(target, record.row());
      case DELETE -> batch.delete(record.partition(), record.primaryKey());
    }
    if (batch.size() >= batchRows) {
      stage();
    }
  }

  @Override
  public void flush(boolean endOfInput) {
    stage();
  }

  @Override
  public java.util.Collection<WriteResult> prepareCommit() {
    stage();
    if (staged.isEmpty()) {
      return List.of();
    }
    WriteResult result = WriteResult.builder().addDataFiles(staged).build();
    staged = new ArrayList<>();
    return List.of(result);
  }

  private void stage() {
    if (batch.isEmpty()) {
      return;
    }
    StagedWal files;
    try {
      files = wal.stage(batch, nextOffset);
    } catch (InvalidRowException e) {
      // Fail the job rather than drop the row; validRows(...) routes such rows to a side output.
      // The op's index within this writer's batch means nothing to the user: keep the op kind.
      Matcher indexed = BATCH_INDEX.matcher(e.getMessage());
      String reason = indexed.matches()
          ? indexed.group(2) + " (" + indexed.group(1) + ")" : e.getMessage();
      throw new InvalidRowException(e.field(),
          "collection " + collectionName + " rejected a row: " + reason);
    }
    nextOffset += batch.size();
    long bytes = 0;
    for (DataFile file : files.files()) {
      bytes += file.fileSizeInBytes();
    }
    staged.addAll(files.files());
    rowsWritten.inc(batch.size());
    recordsSent.inc(batch.size());
    bytesWritten.inc(bytes);
    bytesSent.inc(bytes);
    batch = new WalBatch();
  }

  @Override
  public void close() {
    if (!staged.isEmpty()) {
      // Files of a checkpoint that never started: no committable refers to them.
      LOG.info("removing {} staged WAL files of {} that no checkpoint took", staged.size(),
          collectionName);
      wal.abort(List.of(new StagedWal(staged, List.of())));
    }
    warehouse.close();
  }
}
