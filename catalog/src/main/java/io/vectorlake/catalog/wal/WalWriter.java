package io.vectorlake.catalog.wal;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.InvalidRowException;
import io.vectorlake.catalog.schema.Row;
import io.vectorlake.catalog.schema.RowValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.UpdateProperties;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.formats.FormatModelRegistry;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends batches of ops to a collection's WAL table. A batch is checked whole before anything is
 * written, then written as one Parquet file per shard and committed as one Iceberg append: a
 * reader sees all of it or none of it. Safe for concurrent use; each call is its own commit.
 */
public final class WalWriter {
  /** Snapshot summary key holding the writer's id for a commit, to find the snapshot it made. */
  public static final String COMMIT_ID = "vectorlake.commit-id";

  public static final String OPS_WRITTEN = "vectorlake.ops";

  private static final Logger LOG = LoggerFactory.getLogger(WalWriter.class);

  private final Table table;
  private final WalLayout layout;
  private final RowValidator validator;
  private final Predicate<String> partitionExists;
  private final KeyAllocator keys;

  public WalWriter(
      Table table, WalLayout layout, Predicate<String> partitionExists, KeyAllocator keys) {
    this.table = table;
    this.layout = layout;
    this.validator = new RowValidator(layout.collection());
    this.partitionExists = partitionExists;
    this.keys = keys;
  }

  /**
   * An op checked against the schema; {@code primaryKey} is null until a generated key is set.
   * {@code slot} is the index of the batch op it came from, which fixes its WAL offset; a
   * {@code retired} op removes the key an auto-id upsert carried and is not reported to the caller.
   */
  private record CheckedOp(
      WalOp op, String partition, Object primaryKey, Row row, int slot, boolean retired) {
    CheckedOp withKey(Object key, Row keyed) {
      return new CheckedOp(op, partition, key, keyed, slot, retired);
    }
  }

  /**
   * Checks every op of the batch, then commits it. Throws {@link InvalidRowException} (with the
   * offending op's index) and writes nothing if any op breaks the schema.
   */
  public WalCommit commit(WalBatch batch) {
    return commit(batch, Map.of());
  }

  /** As {@link #commit(WalBatch)}, adding {@code summary} to the Iceberg snapshot summary. */
  public WalCommit commit(WalBatch batch, Map<String, String> summary) {
    StagedWal staged = stage(batch, 0);
    try {
      return commitStaged(List.of(staged), summary);
    } catch (CommitStateUnknownException e) {
      throw e; // the files may be referenced by a commit that did land: keep them
    } catch (RuntimeException e) {
      abort(List.of(staged)); // commitStaged failed before its append could land
      throw e;
    }
  }

  /**
   * The first phase of a two-phase commit: checks the batch and writes its WAL files without
   * committing them. Ops get offsets {@code firstOffset, firstOffset + 1, ...}; writers whose files
   * share one commit (Flink subtasks, Spark tasks) keep each key's ops in one writer, so offsets
   * need only increase within a writer. An auto-id upsert becomes two ops on one offset (see
   * {@code autoIdUpsert}). Uncommitted files are invisible; {@link #abort} removes them.
   */
  public StagedWal stage(WalBatch batch, long firstOffset) {
    if (batch.isEmpty()) {
      throw new IllegalArgumentException("cannot commit an empty WAL batch");
    }
    List<CheckedOp> ops = check(batch);
    assignGeneratedKeys(ops);
    List<Object> primaryKeys = new ArrayList<>(batch.size());
    for (CheckedOp op : ops) {
      if (!op.retired()) {
        primaryKeys.add(op.primaryKey());
      }
    }
    return new StagedWal(writeFiles(ops, firstOffset), primaryKeys);
  }

  /**
   * The second phase: commits the files of one or more staged batches as one Iceberg append, with
   * {@code summary} added to the snapshot summary (e.g. the Flink checkpoint it completes).
   *
   * <p>Any {@link RuntimeException} other than {@link CommitStateUnknownException} means the append
   * did not land, so the caller may {@link #abort} the files. A failure after the append landed
   * is reported as {@link CommitStateUnknownException}: the files are referenced, keep them.
   */
  public WalCommit commitStaged(List<StagedWal> staged, Map<String, String> summary) {
    String commitId = UUID.randomUUID().toString();
    AppendFiles append = table.newAppend();
    long ops = addTo(append, staged, summary, commitId);
    append.commit();
    return committed(staged, commitId, ops);
  }

  /**
   * As {@link #commitStaged(List, Map)}, and changes the WAL table's properties in the same Iceberg
   * commit (one transaction): a reader sees the files and the property change together or neither.
   * A writer that records what it committed (a Flink sink's last checkpoint) keeps that record
   * here rather than in snapshot summaries, which snapshot expiry removes. {@code properties} is
   * called once; on a conflict Iceberg re-applies the same sets and removals to the newer table.
   */
  public WalCommit commitStaged(
      List<StagedWal> staged, Map<String, String> summary, Consumer<UpdateProperties> properties) {
    String commitId = UUID.randomUUID().toString();
    Transaction transaction = table.newTransaction();
    AppendFiles append = transaction.newAppend();
    long ops = addTo(append, staged, summary, commitId);
    append.commit();
    UpdateProperties update = transaction.updateProperties();
    properties.accept(update);
    update.commit();
    transaction.commitTransaction();
    return committed(staged, commitId, ops);
  }

  private static long addTo(
      AppendFiles append, List<StagedWal> staged, Map<String, String> summary, String commitId) {
    long ops = 0;
    for (StagedWal batch : staged) {
      batch.files().forEach(append::appendFile);
      ops += batch.primaryKeys().size();
    }
    summary.forEach(append::set);
    append.set(COMMIT_ID, commitId).set(OPS_WRITTEN, Long.toString(ops));
    return ops;
  }

  private WalCommit committed(List<StagedWal> staged, String commitId, long ops) {
    Snapshot snapshot;
    try {
      snapshot = findSnapshot(commitId);
    } catch (RuntimeException e) {
      throw new CommitStateUnknownException(e);
    }
    List<Object> keys = new ArrayList<>();
    int files = 0;
    for (StagedWal batch : staged) {
      keys.addAll(batch.primaryKeys());
      files += batch.files().size();
    }
    LOG.debug("committed {} ops to {} in {} files at position {}",
        ops, table.name(), files, snapshot.sequenceNumber());
    return new WalCommit(snapshot.sequenceNumber(), snapshot.snapshotId(), keys);
  }

  /** Deletes the files of staged batches that will not be committed. */
  public void abort(List<StagedWal> staged) {
    staged.forEach(batch -> batch.files().forEach(f -> deleteQuietly(f.location())));
  }

  private List<CheckedOp> check(WalBatch batch) {
    FieldSchema primaryKey = layout.collection().primaryKey();
    List<CheckedOp> checked = new ArrayList<>(batch.size());
    // Looking a partition up reads the table's partition list: do it once per partition and batch.
    Set<String> partitions = new HashSet<>();
    int index = 0;
    for (WalBatch.Op op : batch.ops()) {
      try {
        checked.addAll(check(op, index, primaryKey, partitions));
      } catch (InvalidRowException e) {
        throw new InvalidRowException(e.field(), "op " + index + " (" + op.op() + "): "
            + e.getMessage());
      }
      index++;
    }
    return checked;
  }

  private List<CheckedOp> check(
      WalBatch.Op op, int slot, FieldSchema primaryKey, Set<String> knownPartitions) {
    String partition = op.partition();
    if (partition == null && op.op() != WalOp.DELETE) {
      partition = CollectionSchema.DEFAULT_PARTITION;
    }
    if (partition != null && !knownPartitions.contains(partition)) {
      if (!partitionExists.test(partition)) {
        throw new InvalidRowException(null, "partition '" + partition + "' does not exist");
      }
      knownPartitions.add(partition);
    }
    if (op.op() == WalOp.DELETE) {
      return List.of(new CheckedOp(
          op.op(), partition, validator.primaryKey(op.primaryKey()), null, slot, false));
    }
    if (op.row() == null) {
      throw new InvalidRowException(null, op.op() + " needs a row");
    }
    if (primaryKey.autoId() && op.op() == WalOp.UPSERT) {
      return autoIdUpsert(op, partition, slot, primaryKey);
    }
    boolean generated = primaryKey.autoId() && op.op() == WalOp.INSERT;
    Row row = validator.validate(op.row(), generated);
    return List.of(new CheckedOp(op.op(), partition, row.get(primaryKey.name()), row, slot, false));
  }

  /**
   * An upsert into an auto-id collection does what Milvus does: the row is inserted under a newly
   * generated key, and the key it carried is deleted (from every partition, as an upsert replaces
   * the row wherever it was). Keeping the carried key would let the allocator hand it out again
   * and a later insert silently replace the row. Both ops share the upsert's offset: they touch
   * different keys, and offsets only order the ops on one key.
   */
  private List<CheckedOp> autoIdUpsert(
      WalBatch.Op op, String partition, int slot, FieldSchema primaryKey) {
    Object carried = validator.primaryKey(op.row().get(primaryKey.name()));
    Map<String, Object> withoutKey = new LinkedHashMap<>(op.row());
    withoutKey.remove(primaryKey.name());
    Row row = validator.validate(withoutKey, true);
    return List.of(
        new CheckedOp(WalOp.DELETE, null, carried, null, slot, true),
        new CheckedOp(WalOp.INSERT, partition, null, row, slot, false));
  }

  private void assignGeneratedKeys(List<CheckedOp> ops) {
    int needed = 0;
    for (CheckedOp op : ops) {
      needed += op.primaryKey() == null ? 1 : 0;
    }
    if (needed == 0) {
      return;
    }
    FieldSchema primaryKey = layout.collection().primaryKey();
    long next = keys.allocate(needed);
    for (int i = 0; i < ops.size(); i++) {
      CheckedOp op = ops.get(i);
      if (op.primaryKey() == null) {
        Object key = primaryKey.type() == DataType.INT64
            ? (Object) next : Long.toString(next);
        next++;
        ops.set(i, op.withKey(key, op.row().with(primaryKey.name(), key)));
      }
    }
  }

  private List<DataFile> writeFiles(List<CheckedOp> ops, long firstOffset) {
    int shards = layout.collection().shards();
    Map<Integer, List<Record>> byShard = new TreeMap<>();
    for (CheckedOp op : ops) {
      int shard = Sharding.shardOf(op.primaryKey(), shards);
      byShard
          .computeIfAbsent(shard, s -> new ArrayList<>())
          .add(layout.toRecord(
              op.op(), op.primaryKey(), shard, op.partition(), firstOffset + op.slot(), op.row()));
    }
    OutputFileFactory fileFactory =
        OutputFileFactory.builderFor(table, 0, System.nanoTime())
            .format(FileFormat.PARQUET)
            .operationId(UUID.randomUUID().toString())
            .build();
    List<DataFile> files = new ArrayList<>();
    try {
      for (List<Record> records : byShard.values()) {
        files.add(writeFile(fileFactory, records));
      }
    } catch (IOException | RuntimeException e) {
      files.forEach(f -> deleteQuietly(f.location()));
      if (e instanceof IOException io) {
        throw new UncheckedIOException("writing WAL files of " + table.name(), io);
      }
      throw (RuntimeException) e;
    }
    return files;
  }

  private DataFile writeFile(OutputFileFactory fileFactory, List<Record> records)
      throws IOException {
    PartitionKey partitionKey = new PartitionKey(layout.spec(), layout.schema());
    partitionKey.partition(records.get(0));
    // Iceberg's format registry keeps Parquet types out of our signatures, so this code links
    // against iceberg-spark-runtime's relocated Parquet as well as against plain iceberg-parquet.
    DataWriter<Record> writer =
        FormatModelRegistry.<Record, Object>dataWriteBuilder(
                FileFormat.PARQUET, Record.class, fileFactory.newOutputFile(layout.spec(), partitionKey))
            .schema(layout.schema())
            .spec(layout.spec())
            .partition(partitionKey)
            .setAll(table.properties())
            .overwrite()
            .build();
    try (writer) {
      for (Record record : records) {
        writer.write(record);
      }
    }
    return writer.toDataFile();
  }

  private Snapshot findSnapshot(String commitId) {
    for (Snapshot s = table.currentSnapshot(); s != null;
        s = s.parentId() == null ? null : table.snapshot(s.parentId())) {
      if (commitId.equals(s.summary().get(COMMIT_ID))) {
        return s;
      }
    }
    throw new IllegalStateException("committed snapshot " + commitId + " not found in " + table.name());
  }

  private void deleteQuietly(String location) {
    try {
      table.io().deleteFile(location);
    } catch (RuntimeException e) {
      LOG.warn("could not remove uncommitted WAL file {}: {}", location, e.toString());
    }
  }
}
