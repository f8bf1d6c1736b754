package io.vectorlake.catalog.segment;

import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.FileListing;
import io.vectorlake.catalog.warehouse.Locations;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.FileIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what no reader needs any more: catalog entries of segments that stopped being live, and
 * their files, once retired long enough (the files go with the entry: once it is gone nothing
 * tells them from orphans, which wait far longer), and files under the segments folder that no catalog entry
 * references (left by builds that died before their commit) once older than a grace period. Files
 * created since the oldest {@link BuildIntent} still recorded are kept whatever their age, so a
 * build that writes its segments and commits later never loses them.
 */
public final class Cleanup {
  private static final Logger LOG = LoggerFactory.getLogger(Cleanup.class);

  /**
   * How much earlier than a build's intent files are protected too: file times come from the
   * storage's clock, not the builder's, and object stores report them in whole seconds.
   */
  static final long INTENT_CLOCK_MARGIN_MILLIS = 10 * 60_000;

  /** What one cleanup removed. */
  public record Result(int retiredSegments, int deletedFiles) {}

  private Cleanup() {}

  /** Removes segments retired and orphan files created more than {@code graceMillis} ago. */
  public static Result run(Collection collection, long graceMillis) {
    long cutoff = System.currentTimeMillis() - graceMillis;
    return removeBefore(collection, cutoff, cutoff);
  }

  /**
   * Removes the segments retired before {@code retiredBeforeMillis} and the unreferenced files
   * created before {@code orphansBeforeMillis} (and before every running build started).
   */
  public static Result removeBefore(
      Collection collection, long retiredBeforeMillis, long orphansBeforeMillis) {
    SegmentCatalog catalog = collection.segmentCatalog();
    long orphanCutoff = orphansBeforeMillis;
    for (BuildIntent intent : catalog.buildIntents()) {
      orphanCutoff = Math.min(orphanCutoff, intent.startedAtMillis() - INTENT_CLOCK_MARGIN_MILLIS);
    }
    SegmentSet base = catalog.current();
    List<SegmentMetadata> keep = new ArrayList<>();
    Set<String> retiredDirs = new HashSet<>();
    for (SegmentMetadata s : base.segments()) {
      if (!s.state().isLive() && s.updatedAtMillis() < retiredBeforeMillis) {
        retiredDirs.add(Locations.comparable(s.location()));
      } else {
        keep.add(s);
      }
    }
    if (!retiredDirs.isEmpty()) {
      catalog.commit(base, keep, base.watermark(), "cleanup");
    }
    Set<String> referenced = new HashSet<>();
    keep.forEach(s -> referenced.add(Locations.comparable(s.location())));

    FileIO io = collection.walTable().io();
    int deleted = 0;
    String root = collection.walTable().location() + "/" + SegmentWriter.SEGMENTS_DIR + "/";
    Optional<List<FileInfo>> listed = FileListing.list(io, root);
    if (listed.isPresent()) {
      Set<String> emptied = new HashSet<>();
      for (FileInfo file : listed.get()) {
        String location = Locations.comparable(file.location());
        String dir = location.substring(0, location.lastIndexOf('/'));
        boolean orphan = !referenced.contains(dir) && file.createdAtMillis() < orphanCutoff;
        if (retiredDirs.contains(dir) || orphan) {
          io.deleteFile(file.location());
          deleted++;
          emptied.add(file.location().substring(0, file.location().lastIndexOf('/')));
        }
      }
      emptied.forEach(dir -> FileListing.localPath(io, dir).ifPresent(Cleanup::removeIfEmpty));
    } else {
      LOG.warn("{} cannot list files; orphan segment files are not removed",
          io.getClass().getSimpleName());
    }
    LOG.info("cleanup of {}: retired {} segments, deleted {} files", collection.id(),
        retiredDirs.size(), deleted);
    return new Result(retiredDirs.size(), deleted);
  }

  /**
   * Removes a segment's folder once its files are gone, on a local warehouse: object stores have
   * no folders, but a local file system keeps every empty one (a thousand after a day of builds).
   * A folder that is not empty (a file written meanwhile) stays.
   */
  private static void removeIfEmpty(Path dir) {
    try {
      Files.deleteIfExists(dir);
    } catch (DirectoryNotEmptyException e) {
      LOG.debug("{} is not empty; kept", dir);
    } catch (IOException | RuntimeException e) {
      LOG.debug("cannot remove {}: {}", dir, e.toString());
    }
  }
}
