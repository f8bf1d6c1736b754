package io.vectorlake.catalog.segment;

import io.vectorlake.catalog.index.BuiltIndex;
import io.vectorlake.catalog.index.CorruptIndexException;
import io.vectorlake.catalog.index.IndexFile;
import io.vectorlake.catalog.index.VectorIndex;
import io.vectorlake.catalog.view.ResolvedRow;
import io.vectorlake.catalog.wal.FloatVectors;
import io.vectorlake.catalog.warehouse.Collection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/** Reads segment files: rows (whole or projected), packed vectors, tombstones, key filters, indexes. */
public final class SegmentReader {
  private final Collection collection;
  private final SegmentLayout layout;
  private final SegmentFiles files;

  public SegmentReader(Collection collection) {
    this.collection = collection;
    this.layout = new SegmentLayout(collection.walLayout());
    this.files = new SegmentFiles(collection.walTable().io());
  }

  public SegmentLayout layout() {
    return layout;
  }

  /** Every row of a rows segment, in ordinal order. */
  public List<ResolvedRow> rows(SegmentMetadata segment) throws IOException {
    return rows(segment, layout.rowsSchema());
  }

  /** The rows with only the given fields (plus key and place), in ordinal order. */
  public List<ResolvedRow> rows(SegmentMetadata segment, List<String> fields) throws IOException {
    return rows(segment, layout.project(fields));
  }

  private List<ResolvedRow> rows(SegmentMetadata segment, Schema schema) throws IOException {
    List<ResolvedRow> rows = new ArrayList<>((int) segment.rowCount());
    try (CloseableIterable<Record> records =
        files.readParquet(segment.file(SegmentWriter.ROWS_FILE), segment.rows(), schema)) {
      for (Record record : records) {
        rows.add(layout.fromRecord(record, segment.partition(), schema));
      }
    }
    checkCount(segment, rows.size());
    return rows;
  }

  /** The vectors of one field, packed in ordinal order ({@code rowCount * dim} floats). */
  public float[] vectors(SegmentMetadata segment, String field) throws IOException {
    int dim = collection.schema().requireField(field).dim();
    float[] packed = new float[(int) segment.rowCount() * dim];
    Schema schema = layout.rowsSchema().select(field);
    int ordinal = 0;
    try (CloseableIterable<Record> records =
        files.readParquet(segment.file(SegmentWriter.ROWS_FILE), segment.rows(), schema)) {
      for (Record record : records) {
        Object value = record.getField(field);
        float[] v = value instanceof ByteBuffer b ? FloatVectors.fromBytes(b) : FloatVectors.fromBytes((byte[]) value);
        System.arraycopy(v, 0, packed, ordinal * dim, dim);
        ordinal++;
      }
    }
    checkCount(segment, ordinal);
    return packed;
  }

  public List<Tombstone> tombstones(SegmentMetadata segment) throws IOException {
    List<Tombstone> out = new ArrayList<>((int) segment.rowCount());
    try (CloseableIterable<Record> records = files.readParquet(
        segment.file(SegmentWriter.TOMBSTONES_FILE), segment.rows(), layout.tombstonesSchema())) {
      for (Record record : records) {
        out.add(layout.tombstoneFromRecord(record));
      }
    }
    checkCount(segment, out.size());
    return out;
  }

  public KeyFilter keyFilter(SegmentMetadata segment) throws CorruptIndexException {
    String location = segment.file(SegmentWriter.KEY_FILTER_FILE);
    return KeyFilter.fromBytes(files.readAll(location, segment.keyFilter()), location);
  }

  /**
   * Opens a field's index, memory-mapped from local disk ({@code cache} holds copies of remote
   * files). Throws {@link CorruptIndexException} for a missing or damaged file, so the caller can
   * fall back to exact search over {@link #vectors}; returns null when the field has no index.
   */
  public VectorIndex openIndex(SegmentMetadata segment, String field, Path cache, boolean verify)
      throws IOException {
    BuiltIndex built = segment.index(field);
    if (built == null) {
      return null;
    }
    List<IndexFile> needed = new ArrayList<>();
    needed.add(built.graph());
    if (built.pq() != null) {
      needed.add(built.pq());
    }
    Path dir = files.localDirectory(segment, needed, cache);
    return VectorIndex.open(dir, built, verify);
  }

  private static void checkCount(SegmentMetadata segment, int read) throws CorruptIndexException {
    if (read != segment.rowCount()) {
      throw new CorruptIndexException("segment " + segment.id() + " holds " + read
          + " rows, the catalog says " + segment.rowCount());
    }
  }
}
