package io.vectorlake.catalog.warehouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.iceberg.hadoop.HadoopFileIO;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * Lists the files under a prefix of a table's storage, for cleanup and orphan removal.
 *
 * <p>On the local file system it walks the directory with {@code java.nio}: Hadoop's local file
 * system, without its native library, starts an {@code ls -ld} process per file to read
 * permissions nobody asked for, which made a listing of 15,000 WAL files take most of a
 * maintenance run (seen in a JFR profile of bench-metadata). Elsewhere it is the {@code FileIO}'s
 * own prefix listing (S3: one LIST request per 1,000 keys).
 */
public final class FileListing {
  private FileListing() {}

  /**
   * The files under {@code prefix} (recursively), or empty if {@code io} cannot list. A prefix
   * that does not exist yet lists nothing.
   */
  public static Optional<List<FileInfo>> list(FileIO io, String prefix) {
    Optional<Path> local = localPath(io, prefix);
    if (local.isPresent()) {
      return Optional.of(walk(local.get()));
    }
    if (!(io instanceof SupportsPrefixOperations prefixes)) {
      return Optional.empty();
    }
    List<FileInfo> files = new ArrayList<>();
    try {
      prefixes.listPrefix(prefix).forEach(files::add);
    } catch (UncheckedIOException e) {
      if (!(e.getCause() instanceof java.io.FileNotFoundException)) {
        throw e;
      }
    }
    return Optional.of(files);
  }

  /**
   * A path on this machine's file system: a "file:" URI without a host, or a bare absolute path
   * when the FileIO is Hadoop's on a local default file system (on HDFS a bare path is HDFS's).
   */
  public static Optional<Path> localPath(FileIO io, String location) {
    try {
      if (location.startsWith("file:")) {
        URI uri = URI.create(location);
        return uri.getAuthority() == null ? Optional.of(Paths.get(uri.getPath()))
            : Optional.empty();
      }
      if (location.startsWith("/") && io instanceof HadoopFileIO hadoop
          && "file".equals(FileSystem.getDefaultUri(hadoop.conf()).getScheme())) {
        return Optional.of(Paths.get(location));
      }
    } catch (IllegalArgumentException e) {
      // not a URI this walk understands: the FileIO lists it
    }
    return Optional.empty();
  }

  /**
   * Hadoop's local file system keeps a hidden {@code .name.crc} beside each file, hides it from
   * listings and deletes it with its file; so does this listing.
   */
  private static boolean isChecksum(Path file) {
    String name = file.getFileName().toString();
    return name.startsWith(".") && name.endsWith(".crc");
  }

  private static List<FileInfo> walk(Path root) {
    List<FileInfo> files = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return files;
    }
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (attrs.isRegularFile() && !isChecksum(file)) {
            files.add(new FileInfo("file:" + file.toAbsolutePath(), attrs.size(),
                attrs.lastModifiedTime().toMillis()));
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          if (e instanceof NoSuchFileException) {
            return FileVisitResult.CONTINUE; // deleted while we walked: nothing to clean
          }
          throw e;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("listing " + root, e);
    }
    return files;
  }
}
