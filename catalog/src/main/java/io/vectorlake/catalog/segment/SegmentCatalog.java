package io.vectorlake.catalog.segment;

import io.vectorlake.catalog.warehouse.ReloadingTableOperations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.formats.FormatModelRegistry;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.types.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A collection's segment catalog: an Iceberg table (the collection's name plus {@value
 * #TABLE_SUFFIX}) with one row per segment. Every change (seal, index, compact, cleanup) rewrites
 * the small table as one file in one Iceberg commit that also records the WAL watermark in the
 * snapshot summary, and commits only if nobody else committed since the version it started from:
 * a reader sees all of a change or none of it, and of two concurrent jobs one fails with {@link
 * CommitConflictException} and plans again.
 */
public final class SegmentCatalog {
  public static final String TABLE_SUFFIX = "__segments";
  public static final String WATERMARK = "vectorlake.watermark";
  public static final String OPERATION = "vectorlake.operation";

  private static final Logger LOG = LoggerFactory.getLogger(SegmentCatalog.class);

  static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "segment_id", Types.StringType.get()),
          Types.NestedField.required(2, "kind", Types.StringType.get()),
          Types.NestedField.required(3, "state", Types.StringType.get()),
          Types.NestedField.required(4, "shard", Types.IntegerType.get()),
          Types.NestedField.optional(5, "partition", Types.StringType.get()),
          Types.NestedField.required(6, "from_position", Types.LongType.get()),
          Types.NestedField.required(7, "to_position", Types.LongType.get()),
          Types.NestedField.required(8, "row_count", Types.LongType.get()),
          Types.NestedField.required(9, "location", Types.StringType.get()),
          Types.NestedField.required(10, "rows_file", Types.StringType.get(), "JSON: name, size"),
          Types.NestedField.optional(11, "key_filter", Types.StringType.get(), "JSON: name, size"),
          Types.NestedField.required(12, "indexes", Types.StringType.get(),
              "JSON: per vector field, the index spec and its files with sizes and CRC32"),
          Types.NestedField.required(13, "created_at_ms", Types.LongType.get()),
          Types.NestedField.optional(14, "build_stats", Types.StringType.get()),
          Types.NestedField.required(15, "updated_at_ms", Types.LongType.get()));

  private final Table table;

  private SegmentCatalog(Table table) {
    this.table = table;
  }

  public static TableIdentifier identifier(TableIdentifier collection) {
    return TableIdentifier.of(collection.namespace(), collection.name() + TABLE_SUFFIX);
  }

  /**
   * Metadata versions kept besides the current one. Every build, compaction and cleanup rewrites
   * the catalog, and readers find versions through snapshots, never through old metadata files
   * (a handle that falls behind reloads), so a short history is enough.
   */
  static final String PREVIOUS_VERSIONS = "10";

  /** The segment catalog of a collection, created empty on first use. */
  public static SegmentCatalog open(Catalog catalog, TableIdentifier collection) {
    TableIdentifier id = identifier(collection);
    try {
      return new SegmentCatalog(ReloadingTableOperations.loadTable(catalog, id));
    } catch (NoSuchTableException e) {
      try {
        return new SegmentCatalog(ReloadingTableOperations.wrap(catalog, id,
            catalog.buildTable(id, SCHEMA)
                .withPartitionSpec(PartitionSpec.unpartitioned())
                .withProperties(Map.of(TableProperties.FORMAT_VERSION, "2",
                    TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true",
                    TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, PREVIOUS_VERSIONS,
                    TableProperties.COMMIT_MAX_RETRY_WAIT_MS, "1000"))
                .create()));
      } catch (AlreadyExistsException raced) {
        return new SegmentCatalog(ReloadingTableOperations.loadTable(catalog, id));
      }
    }
  }

  /**
   * The version a reader at {@code walPosition} sees, without creating the catalog: a collection
   * that was never built has no segments ({@link SegmentSet#EMPTY}).
   */
  public static SegmentSet readAt(Catalog catalog, TableIdentifier collection, long walPosition) {
    try {
      return new SegmentCatalog(ReloadingTableOperations.loadTable(catalog, identifier(collection)))
          .at(walPosition);
    } catch (NoSuchTableException e) {
      return SegmentSet.EMPTY;
    }
  }

  public Table table() {
    return table;
  }

  /** The newest committed version. */
  public SegmentSet current() {
    table.refresh();
    return read(table.currentSnapshot());
  }

  /** The newest version whose watermark is at most {@code walPosition}: what a reader there sees. */
  public SegmentSet at(long walPosition) {
    table.refresh();
    Snapshot best = null;
    for (Snapshot s = table.currentSnapshot(); s != null;
        s = s.parentId() == null ? null : table.snapshot(s.parentId())) {
      if (watermarkOf(s) <= walPosition) {
        best = s;
        break;
      }
    }
    return read(best);
  }

  /**
   * Replaces the catalog's content by {@code segments} with watermark {@code watermark}, if the
   * catalog is still at {@code base}; else throws {@link CommitConflictException}.
   */
  public SegmentSet commit(SegmentSet base, List<SegmentMetadata> segments, long watermark,
      String operation) {
    table.refresh();
    Snapshot current = table.currentSnapshot();
    long currentId = current == null ? -1 : current.snapshotId();
    if (currentId != base.snapshotId()) {
      throw new CommitConflictException("the segment catalog of " + table.name()
          + " changed since snapshot " + base.snapshotId() + " (now " + currentId + ")", null);
    }
    OverwriteFiles overwrite = table.newOverwrite();
    List<DataFile> old = currentFiles(current);
    old.forEach(overwrite::deleteFile);
    DataFile written = segments.isEmpty() ? null : write(segments);
    if (written != null) {
      overwrite.addFile(written);
    }
    if (current != null) {
      overwrite.validateFromSnapshot(currentId);
    }
    overwrite.conflictDetectionFilter(Expressions.alwaysTrue())
        .validateNoConflictingData()
        .validateNoConflictingDeletes()
        .set(WATERMARK, Long.toString(watermark))
        .set(OPERATION, operation);
    try {
      overwrite.commit();
    } catch (ValidationException | org.apache.iceberg.exceptions.CommitFailedException e) {
      if (written != null) {
        table.io().deleteFile(written.location());
      }
      throw new CommitConflictException("another job committed to " + table.name()
          + " concurrently: " + e.getMessage(), e);
    }
    LOG.info("{}: {} segments at watermark {} ({})", table.name(), segments.size(), watermark, operation);
    return current();
  }

  /**
   * Records that a build sealing up to {@code walPosition} starts now; call before it writes a
   * file, and {@link #endBuild} when it committed or failed.
   */
  public BuildIntent beginBuild(long walPosition) {
    BuildIntent intent =
        new BuildIntent(UUID.randomUUID().toString(), System.currentTimeMillis(), walPosition);
    table.updateProperties().set(intent.property(), intent.value()).commit();
    LOG.info("{}: build {} started (WAL up to {})", table.name(), intent.id(), walPosition);
    return intent;
  }

  /** Removes a build's intent; a no-op if maintenance already expired it. */
  public void endBuild(BuildIntent intent) {
    table.refresh();
    if (table.properties().containsKey(intent.property())) {
      table.updateProperties().remove(intent.property()).commit();
    }
  }

  /** The intents of the builds running now (and of dead builds not yet expired). */
  public List<BuildIntent> buildIntents() {
    table.refresh();
    List<BuildIntent> intents = new ArrayList<>();
    table.properties().forEach((key, value) -> {
      if (key.startsWith(BuildIntent.PROPERTY_PREFIX)) {
        intents.add(BuildIntent.parse(key, value));
      }
    });
    return intents;
  }

  private DataFile write(List<SegmentMetadata> segments) {
    String location = table.locationProvider().newDataLocation(UUID.randomUUID() + ".parquet");
    try {
      DataWriter<Record> writer = FormatModelRegistry.<Record, Object>dataWriteBuilder(
              FileFormat.PARQUET, Record.class,
              EncryptedFiles.plainAsEncryptedOutput(table.io().newOutputFile(location)))
          .schema(SCHEMA)
          .spec(PartitionSpec.unpartitioned())
          .overwrite()
          .build();
      try (writer) {
        for (SegmentMetadata segment : segments) {
          writer.write(toRecord(segment));
        }
      }
      return writer.toDataFile();
    } catch (IOException e) {
      throw new UncheckedIOException("writing the segment catalog of " + table.name(), e);
    }
  }

  private SegmentSet read(Snapshot snapshot) {
    if (snapshot == null) {
      return SegmentSet.EMPTY;
    }
    List<SegmentMetadata> segments = new ArrayList<>();
    for (DataFile file : currentFiles(snapshot)) {
      try (CloseableIterable<Record> records = FormatModelRegistry.<Record, Object>readBuilder(
              FileFormat.PARQUET, Record.class, table.io().newInputFile(file.location()))
          .project(SCHEMA)
          .build()) {
        records.forEach(r -> segments.add(fromRecord(r)));
      } catch (IOException e) {
        throw new UncheckedIOException("reading the segment catalog of " + table.name(), e);
      }
    }
    return new SegmentSet(snapshot.snapshotId(), watermarkOf(snapshot), segments);
  }

  private List<DataFile> currentFiles(Snapshot snapshot) {
    List<DataFile> files = new ArrayList<>();
    if (snapshot == null) {
      return files;
    }
    try (CloseableIterable<FileScanTask> tasks =
        table.newScan().useSnapshot(snapshot.snapshotId()).planFiles()) {
      tasks.forEach(t -> files.add(t.file()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  private static long watermarkOf(Snapshot snapshot) {
    String value = snapshot.summary().get(WATERMARK);
    return value == null ? 0 : Long.parseLong(value);
  }

  private static Record toRecord(SegmentMetadata s) {
    GenericRecord r = GenericRecord.create(SCHEMA);
    r.setField("segment_id", s.id());
    r.setField("kind", s.kind().name());
    r.setField("state", s.state().name());
    r.setField("shard", s.shard());
    r.setField("partition", s.partition());
    r.setField("from_position", s.fromPosition());
    r.setField("to_position", s.toPosition());
    r.setField("row_count", s.rowCount());
    r.setField("location", s.location());
    r.setField("rows_file", SegmentJson.file(s.rows()));
    r.setField("key_filter", SegmentJson.file(s.keyFilter()));
    r.setField("indexes", SegmentJson.indexes(s.indexes()));
    r.setField("created_at_ms", s.createdAtMillis());
    r.setField("build_stats", s.buildStats());
    r.setField("updated_at_ms", s.updatedAtMillis());
    return r;
  }

  private static SegmentMetadata fromRecord(Record r) {
    return new SegmentMetadata(
        (String) r.getField("segment_id"),
        SegmentKind.valueOf((String) r.getField("kind")),
        SegmentState.valueOf((String) r.getField("state")),
        (Integer) r.getField("shard"),
        (String) r.getField("partition"),
        (Long) r.getField("from_position"),
        (Long) r.getField("to_position"),
        (Long) r.getField("row_count"),
        (String) r.getField("location"),
        SegmentJson.file((String) r.getField("rows_file")),
        SegmentJson.file((String) r.getField("key_filter")),
        SegmentJson.indexes((String) r.getField("indexes")),
        (Long) r.getField("created_at_ms"),
        (String) r.getField("build_stats"),
        (Long) r.getField("updated_at_ms"));
  }
}
