package io.vectorlake.catalog.segment;

import io.vectorlake.catalog.index.CorruptIndexException;
import io.vectorlake.catalog.index.IndexFile;
import io.vectorlake.catalog.index.VectorIndexWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.formats.FormatModelRegistry;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;

/**
 * Moves segment files through the warehouse's FileIO (local disk or S3): Parquet rows written and
 * read with Iceberg's generic format models, and plain files copied in and out. jvector maps its
 * index files from local disk, so indexes of a remote warehouse are copied to a local cache first.
 */
public final class SegmentFiles {
  /** A name that is safe as one local path element: no separator, no "..", not hidden. */
  private static final Pattern CACHE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

  private final FileIO io;

  public SegmentFiles(FileIO io) {
    this.io = io;
  }

  public FileIO io() {
    return io;
  }

  /** Writes records as one Parquet file at {@code location}; returns its name and size. */
  IndexFile writeParquet(String location, Schema schema, Iterable<Record> records) throws IOException {
    DataWriter<Record> writer =
        FormatModelRegistry.<Record, Object>dataWriteBuilder(
                FileFormat.PARQUET, Record.class,
                EncryptedFiles.plainAsEncryptedOutput(io.newOutputFile(location)))
            .schema(schema)
            .spec(org.apache.iceberg.PartitionSpec.unpartitioned())
            .overwrite()
            .build();
    try (writer) {
      for (Record record : records) {
        writer.write(record);
      }
    }
    return new IndexFile(name(location), writer.toDataFile().fileSizeInBytes(), 0);
  }

  /** Reads a Parquet file's records in file order, projected to {@code schema}. */
  CloseableIterable<Record> readParquet(String location, IndexFile expected, Schema schema)
      throws CorruptIndexException {
    InputFile input = io.newInputFile(location);
    checkSize(input, location, expected);
    return FormatModelRegistry.<Record, Object>readBuilder(FileFormat.PARQUET, Record.class, input)
        .project(schema)
        .build();
  }

  void upload(Path local, String location) throws IOException {
    try (InputStream in = Files.newInputStream(local);
        OutputStream out = io.newOutputFile(location).createOrOverwrite()) {
      in.transferTo(out);
    }
  }

  byte[] readAll(String location, IndexFile expected) throws CorruptIndexException {
    InputFile input = io.newInputFile(location);
    checkSize(input, location, expected);
    try (InputStream in = input.newStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new CorruptIndexException("cannot read " + location + ": " + e.getMessage(), e);
    }
  }

  /**
   * A local directory holding the given files of a segment: its own directory on a local
   * warehouse, else a copy under {@code cache}.
   */
  public Path localDirectory(SegmentMetadata segment, Iterable<IndexFile> files, Path cache)
      throws IOException {
    Path local = localPath(segment.location());
    if (local != null) {
      return local;
    }
    // Ids and names come from the segment catalog, which anyone with write access to the lake
    // can edit: they become local paths only when they cannot name anything outside the cache.
    checkCacheName("segment id", segment.id(), segment);
    Path dir = cache.resolve(segment.id());
    Files.createDirectories(dir);
    for (IndexFile file : files) {
      checkCacheName("index file name", file.name(), segment);
      Path target = dir.resolve(file.name());
      if (Files.exists(target) && Files.size(target) == file.size()
          && VectorIndexWriter.crc32(target) == file.crc32()) {
        continue;
      }
      Path tmp = Files.createTempFile(dir, file.name(), ".part");
      try (InputStream in = io.newInputFile(segment.file(file.name())).newStream()) {
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        if (Files.size(tmp) != file.size() || VectorIndexWriter.crc32(tmp) != file.crc32()) {
          throw new CorruptIndexException("segment file " + segment.file(file.name())
              + " does not match the size and CRC32 the segment catalog recorded");
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (UncheckedIOException | org.apache.iceberg.exceptions.NotFoundException e) {
        throw new CorruptIndexException("segment file " + segment.file(file.name()) + " is missing", e);
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
    return dir;
  }

  private static void checkCacheName(String what, String value, SegmentMetadata segment)
      throws CorruptIndexException {
    if (value == null || !CACHE_NAME.matcher(value).matches() || value.contains("..")) {
      throw new CorruptIndexException("the segment catalog holds " + what + " '" + value
          + "' (segment at " + segment.location() + "): not a plain file name, so it is not"
          + " cached locally");
    }
  }

  /** The local path of a location on the local file system, or null for a remote one. */
  static Path localPath(String location) {
    if (location.startsWith("/")) {
      return Path.of(location);
    }
    if (location.startsWith("file:")) {
      return Path.of(URI.create(location));
    }
    return null;
  }

  private static void checkSize(InputFile input, String location, IndexFile expected)
      throws CorruptIndexException {
    long size;
    try {
      size = input.getLength();
    } catch (RuntimeException e) {
      throw new CorruptIndexException("segment file " + location + " is missing", e);
    }
    if (expected != null && size != expected.size()) {
      throw new CorruptIndexException(
          "segment file " + location + " is " + size + " bytes, expected " + expected.size());
    }
  }

  static String name(String location) {
    return location.substring(location.lastIndexOf('/') + 1);
  }
}
