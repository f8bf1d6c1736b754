package io.vectorlake.examples.bench;

import io.vectorlake.catalog.warehouse.Collection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;

/**
 * One window of {@link MetadataBench}: commit and Strong read latency over the window, and the
 * size of the tables' newest metadata.json and the files under them at its end.
 *
 * @param maintainMillis how long the maintenance that ran during this window took (-1: none)
 */
record MetadataWindow(int index, long commits, double commitP50, double commitP99,
    long walMetadataBytes, long segmentMetadataBytes, long walTableFiles, long segmentTableFiles,
    int reads, double readP50, double readP99, long maintainMillis) {

  static final String HEADER = String.format(Locale.ROOT,
      "%6s %8s %9s %9s %10s %10s %9s %9s %6s %9s %9s %9s", "window", "commits", "commit50",
      "commit99", "walMeta", "segMeta", "walFiles", "segFiles", "reads", "read50", "read99",
      "maintain");
  static final String CSV_HEADER = "window,commits,commit_p50_ms,commit_p99_ms,"
      + "wal_metadata_bytes,segment_metadata_bytes,wal_table_files,segment_table_files,"
      + "strong_reads,read_p50_ms,read_p99_ms,maintain_ms";

  static MetadataWindow measure(int index, long commits, LatencyWindow commitLatency,
      LatencyWindow reads, long maintainMillis, Collection collection) {
    Table wal = collection.walTable();
    Table segments = collection.segmentCatalog().table();
    return new MetadataWindow(index, commits, commitLatency.percentile(50),
        commitLatency.percentile(99), metadataBytes(wal), metadataBytes(segments), files(wal),
        files(segments), reads.count(), reads.percentile(50), reads.percentile(99),
        maintainMillis);
  }

  String line() {
    return String.format(Locale.ROOT,
        "%6d %8d %7.1fms %7.1fms %8.1fKB %8.1fKB %9d %9d %6d %7.1fms %7.1fms %9s", index + 1,
        commits, commitP50, commitP99, walMetadataBytes / 1024.0, segmentMetadataBytes / 1024.0,
        walTableFiles, segmentTableFiles, reads, readP50, readP99,
        maintainMillis < 0 ? "-" : maintainMillis + "ms");
  }

  String csv() {
    return String.format(Locale.ROOT, "%d,%d,%.2f,%.2f,%d,%d,%d,%d,%d,%.2f,%.2f,%d", index + 1,
        commits, commitP50, commitP99, walMetadataBytes, segmentMetadataBytes, walTableFiles,
        segmentTableFiles, reads, readP50, readP99, maintainMillis);
  }

  /** The last window against the first, figure by figure, against the goal of 1.5x. */
  static String verdict(MetadataWindow first, MetadataWindow last) {
    StringBuilder out = new StringBuilder("last window / first window (goal: at most 1.5x):");
    ratio(out, "commit p50", last.commitP50, first.commitP50);
    ratio(out, "commit p99", last.commitP99, first.commitP99);
    ratio(out, "WAL metadata.json", last.walMetadataBytes, first.walMetadataBytes);
    ratio(out, "segment catalog metadata.json", last.segmentMetadataBytes,
        first.segmentMetadataBytes);
    ratio(out, "WAL table files", last.walTableFiles, first.walTableFiles);
    ratio(out, "segment catalog files", last.segmentTableFiles, first.segmentTableFiles);
    ratio(out, "Strong read p50", last.readP50, first.readP50);
    ratio(out, "Strong read p99", last.readP99, first.readP99);
    return out.toString();
  }

  private static void ratio(StringBuilder out, String name, double last, double first) {
    double r = last / first;
    out.append(String.format(Locale.ROOT, "%n  %-30s %6.2fx  %s", name, r,
        r <= 1.5 ? "ok" : "OVER"));
  }

  private static long metadataBytes(Table table) {
    String location = ((HasTableOperations) table).operations().current().metadataFileLocation();
    return table.io().newInputFile(location).getLength();
  }

  /**
   * Files under a table on the local warehouse (data, metadata, segments, {@code .crc} files).
   * Writers and maintenance go on meanwhile: a file deleted during the walk is not counted (a
   * 20,000-commit run died here on a version hint's checksum replaced mid-walk).
   */
  private static long files(Table table) {
    String location = table.location();
    Path dir = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
    long[] count = {0};
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (attrs.isRegularFile()) {
            count[0]++;
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          if (e instanceof NoSuchFileException) {
            return FileVisitResult.CONTINUE;
          }
          throw e;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("counting the files under " + dir, e);
    }
    return count[0];
  }
}
