package io.vectorlake.catalog.segment;

import io.vectorlake.catalog.index.BuiltIndex;
import io.vectorlake.catalog.index.IndexFile;
import io.vectorlake.catalog.index.IndexSpec;
import io.vectorlake.catalog.index.VectorIndexWriter;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.view.ResolvedRow;
import io.vectorlake.catalog.warehouse.Collection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.data.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes segment files: the rows of one shard and partition (sorted by primary key) with their
 * key filter, tombstones, and the vector indexes of a sealed segment. Files go to a new directory
 * under the collection's {@value #SEGMENTS_DIR} folder and stay invisible until the segment
 * catalog commits them; {@code Cleanup} removes the files of builds that never committed.
 */
public final class SegmentWriter {
  public static final String SEGMENTS_DIR = "segments";
  public static final String ROWS_FILE = "rows.parquet";
  public static final String TOMBSTONES_FILE = "tombstones.parquet";
  public static final String KEY_FILTER_FILE = "keys.filter";

  private static final Logger LOG = LoggerFactory.getLogger(SegmentWriter.class);

  private final Collection collection;
  private final SegmentLayout layout;
  private final SegmentFiles files;

  public SegmentWriter(Collection collection) {
    this.collection = collection;
    this.layout = new SegmentLayout(collection.walLayout());
    this.files = new SegmentFiles(collection.walTable().io());
  }

  /** A new, unique segment directory in the collection's warehouse location. */
  public String newLocation() {
    return collection.walTable().location() + "/" + SEGMENTS_DIR + "/" + UUID.randomUUID();
  }

  /** Writes a sealed (not yet indexed) rows segment. */
  public SegmentMetadata writeRows(
      int shard, String partition, long fromPosition, long toPosition, List<ResolvedRow> rows)
      throws IOException {
    String location = newLocation();
    List<ResolvedRow> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparing(r -> (Comparable<Object>) r.primaryKey()));
    List<Record> records = new ArrayList<>(sorted.size());
    KeyFilter keys = KeyFilter.forKeys(sorted.size());
    for (ResolvedRow row : sorted) {
      records.add(layout.toRecord(row));
      keys.add(row.primaryKey());
    }
    IndexFile rowsFile = files.writeParquet(location + "/" + ROWS_FILE, layout.rowsSchema(), records);
    byte[] filterBytes = keys.toBytes();
    try (var out = files.io().newOutputFile(location + "/" + KEY_FILTER_FILE).createOrOverwrite()) {
      out.write(filterBytes);
    }
    IndexFile filter = new IndexFile(KEY_FILTER_FILE, filterBytes.length, 0);
    return new SegmentMetadata(
        id(location), SegmentKind.ROWS, SegmentState.SEALED, shard, partition, fromPosition,
        toPosition, sorted.size(), location, rowsFile, filter, List.of(),
        System.currentTimeMillis(), "{}", System.currentTimeMillis());
  }

  /** Writes a tombstones segment of one shard. */
  public SegmentMetadata writeTombstones(
      int shard, long fromPosition, long toPosition, List<Tombstone> tombstones) throws IOException {
    String location = newLocation();
    List<Record> records = new ArrayList<>(tombstones.size());
    tombstones.forEach(t -> records.add(layout.toRecord(t)));
    IndexFile file =
        files.writeParquet(location + "/" + TOMBSTONES_FILE, layout.tombstonesSchema(), records);
    return new SegmentMetadata(
        id(location), SegmentKind.TOMBSTONES, SegmentState.SEALED, shard, null, fromPosition,
        toPosition, tombstones.size(), location, file, null, List.of(),
        System.currentTimeMillis(), "{}", System.currentTimeMillis());
  }

  /**
   * Builds the index of every vector field of a sealed rows segment with the collection's index
   * specs, using up to {@code threads} threads, and returns it INDEXED.
   */
  public SegmentMetadata buildIndexes(SegmentMetadata sealed, int threads) throws IOException {
    SegmentReader reader = new SegmentReader(collection);
    Path scratch = Files.createTempDirectory("vectorlake-index-");
    try {
      List<BuiltIndex> built = new ArrayList<>();
      long started = System.nanoTime();
      for (FieldSchema field : collection.schema().vectorFields()) {
        IndexSpec spec = collection.indexSpec(field.name());
        float[] vectors = reader.vectors(sealed, field.name());
        BuiltIndex index = VectorIndexWriter.build(field.name(), vectors, field.dim(),
            (int) sealed.rowCount(), spec, scratch, threads);
        if (index != null) {
          files.upload(scratch.resolve(index.graph().name()), sealed.file(index.graph().name()));
          if (index.pq() != null) {
            files.upload(scratch.resolve(index.pq().name()), sealed.file(index.pq().name()));
          }
          built.add(index);
        }
      }
      long millis = (System.nanoTime() - started) / 1_000_000;
      LOG.info("indexed segment {} (shard {}, partition {}, {} rows) in {} ms", sealed.id(),
          sealed.shard(), sealed.partition(), sealed.rowCount(), millis);
      return sealed.withIndexes(built,
          "{\"indexMillis\":" + millis + ",\"threads\":" + threads + "}");
    } finally {
      deleteRecursively(scratch);
    }
  }

  private static String id(String location) {
    return SegmentFiles.name(location);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
