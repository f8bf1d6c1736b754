package io.vectorlake.catalog.maintenance;

import io.vectorlake.catalog.warehouse.FileListing;
import io.vectorlake.catalog.warehouse.Locations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.FileIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes WAL data files that no retained snapshot references and that are older than a grace
 * period: files staged by writers that died before their commit (a Flink job that failed over, a
 * lost Spark task, a server killed in the middle of a group commit). The grace period must outlast
 * the longest time a staged file may wait for its commit, e.g. a Flink job restored from a
 * checkpoint that commits the files it staged before it failed.
 */
final class OrphanWalFiles {
  private static final Logger LOG = LoggerFactory.getLogger(OrphanWalFiles.class);

  private OrphanWalFiles() {}

  /** Deletes the unreferenced files under the WAL's data folder created before the cutoff. */
  static int remove(Table wal, long createdBeforeMillis) {
    FileIO io = wal.io();
    // Read what is referenced before listing: a file committed after this is younger than the
    // grace period when listed, so it is never mistaken for an orphan.
    Set<String> referenced = referencedFiles(wal);
    String root = wal.properties().getOrDefault(
        TableProperties.WRITE_DATA_LOCATION, wal.location() + "/data");
    Optional<List<FileInfo>> listed = FileListing.list(io, root + "/");
    if (listed.isEmpty()) {
      LOG.warn("{} cannot list files; orphan WAL files of {} are not removed",
          io.getClass().getSimpleName(), wal.name());
      return 0;
    }
    List<String> doomed = new ArrayList<>();
    for (FileInfo file : listed.get()) {
      if (file.createdAtMillis() < createdBeforeMillis
          && !referenced.contains(Locations.comparable(file.location()))) {
        doomed.add(file.location());
      }
    }
    doomed.forEach(io::deleteFile);
    if (!doomed.isEmpty()) {
      LOG.info("{}: deleted {} orphan WAL files", wal.name(), doomed.size());
    }
    return doomed.size();
  }

  private static Set<String> referencedFiles(Table wal) {
    wal.refresh();
    Set<String> manifests = new HashSet<>();
    Set<String> files = new HashSet<>();
    for (Snapshot snapshot : wal.snapshots()) {
      for (ManifestFile manifest : snapshot.allManifests(wal.io())) {
        if (!manifests.add(manifest.path())) {
          continue;
        }
        if (manifest.content() == org.apache.iceberg.ManifestContent.DATA) {
          try (ManifestReader<DataFile> reader =
              ManifestFiles.read(manifest, wal.io(), wal.specs())) {
            reader.forEach(f -> files.add(Locations.comparable(f.location())));
          } catch (IOException e) {
            throw new UncheckedIOException("reading manifest " + manifest.path(), e);
          }
        } else {
          try (var reader = ManifestFiles.readDeleteManifest(manifest, wal.io(), wal.specs())) {
            reader.forEach(f -> files.add(Locations.comparable(f.location())));
          } catch (IOException e) {
            throw new UncheckedIOException("reading manifest " + manifest.path(), e);
          }
        }
      }
    }
    return files;
  }
}
