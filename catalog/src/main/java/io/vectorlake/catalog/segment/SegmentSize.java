package io.vectorlake.catalog.segment;

import io.vectorlake.catalog.schema.Row;
import io.vectorlake.catalog.view.ResolvedRow;
import java.util.List;

/**
 * Where a build or a compaction cuts segments: at {@code maxRows} rows or {@code maxBytes} bytes
 * of raw row data, whichever comes first. Bytes are what the rows hold (4 per vector component,
 * 8 per number, the characters of text), estimated from a sample of the rows being cut, as
 * Milvus sizes a segment by its binlog bytes ({@code dataCoord.segment.maxSize}, 1 GiB).
 */
public record SegmentSize(long maxRows, long maxBytes) implements java.io.Serializable {
  /** The defaults: 1 GiB like Milvus, and a row cap that only small rows reach. */
  public static final SegmentSize DEFAULT = new SegmentSize(1_000_000, 1L << 30);
  private static final int SAMPLE = 1_000;

  public SegmentSize {
    if (maxRows < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("segment limits must be positive, got " + maxRows
          + " rows and " + maxBytes + " bytes");
    }
  }

  /** At most {@code maxRows} rows, and the default byte limit. */
  public static SegmentSize ofRows(long maxRows) {
    return new SegmentSize(maxRows, DEFAULT.maxBytes);
  }

  /** Rows per segment for these rows: the row cap, or fewer when the rows are large. */
  public int rowsPerSegment(List<ResolvedRow> rows) {
    if (rows.isEmpty()) {
      return (int) Math.min(Integer.MAX_VALUE, maxRows);
    }
    int step = Math.max(1, rows.size() / SAMPLE);
    long bytes = 0;
    int sampled = 0;
    for (int i = 0; i < rows.size(); i += step) {
      bytes += bytesOf(rows.get(i).row());
      sampled++;
    }
    long perRow = Math.max(1, bytes / sampled);
    return (int) Math.max(1, Math.min(Math.min(maxRows, Integer.MAX_VALUE), maxBytes / perRow));
  }

  /** The raw bytes of one row's values, plus its key and WAL place. */
  static long bytesOf(Row row) {
    long bytes = 16;
    for (Object value : row.values().values()) {
      bytes += bytesOfValue(value);
    }
    return bytes;
  }

  private static long bytesOfValue(Object value) {
    if (value instanceof float[] vector) {
      return 4L * vector.length;
    }
    if (value instanceof CharSequence text) {
      return text.length();
    }
    if (value instanceof List<?> list) {
      long bytes = 0;
      for (Object element : list) {
        bytes += bytesOfValue(element);
      }
      return bytes;
    }
    return 8;
  }
}
