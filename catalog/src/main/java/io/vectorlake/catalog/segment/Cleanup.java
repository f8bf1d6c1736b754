package io.vectorlake.catalog.segment;

import io.vectorlake.catalog.warehouse.Collection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what no reader needs any more: catalog entries of segments that stopped being live (and
 * their files) once a grace period has passed, and files under the segments folder that no catalog
 * entry references (left by builds that died before their commit) once they are older than the
 * grace period, so an in-flight build never loses its files.
 */
public final class Cleanup {
  private static final Logger LOG = LoggerFactory.getLogger(Cleanup.class);

  /** What one cleanup removed. */
  public record Result(int retiredSegments, int deletedFiles) {}

  private Cleanup() {}

  public static Result run(Collection collection, long graceMillis) {
    long cutoff = System.currentTimeMillis() - graceMillis;
    SegmentCatalog catalog = collection.segmentCatalog();
    SegmentSet base = catalog.current();
    List<SegmentMetadata> keep = new ArrayList<>();
    int retired = 0;
    for (SegmentMetadata s : base.segments()) {
      if (!s.state().isLive() && s.updatedAtMillis() < cutoff) {
        retired++;
      } else {
        keep.add(s);
      }
    }
    if (retired > 0) {
      catalog.commit(base, keep, base.watermark(), "cleanup");
    }
    Set<String> referenced = new HashSet<>();
    keep.forEach(s -> referenced.add(normalize(s.location())));

    FileIO io = collection.walTable().io();
    int deleted = 0;
    if (io instanceof SupportsPrefixOperations prefixes) {
      String root = collection.walTable().location() + "/" + SegmentWriter.SEGMENTS_DIR + "/";
      List<String> doomed = new ArrayList<>();
      try {
        for (FileInfo file : prefixes.listPrefix(root)) {
          String location = normalize(file.location());
          String dir = location.substring(0, location.lastIndexOf('/'));
          if (!referenced.contains(dir) && file.createdAtMillis() < cutoff) {
            doomed.add(file.location());
          }
        }
      } catch (RuntimeException e) {
        LOG.debug("no segments folder under {} yet: {}", root, e.toString());
      }
      for (String location : doomed) {
        io.deleteFile(location);
        deleted++;
      }
    } else {
      LOG.warn("{} cannot list files; orphan segment files are not removed",
          io.getClass().getSimpleName());
    }
    LOG.info("cleanup of {}: retired {} segments, deleted {} files", collection.id(), retired, deleted);
    return new Result(retired, deleted);
  }

  /** Locations compare without the scheme's "file:" spelling differences. */
  private static String normalize(String location) {
    String l = location.replaceFirst("^file:/+", "/");
    return l.endsWith("/") ? l.substring(0, l.length() - 1) : l;
  }
}
