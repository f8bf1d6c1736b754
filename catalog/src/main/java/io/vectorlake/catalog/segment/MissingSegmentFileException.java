package io.vectorlake.catalog.segment;

import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.io.FileIO;

/**
 * A build or compaction about to commit a segment whose file is gone (removed by a cleanup after
 * the job's intent timed out, or by hand): committing it would move the watermark past rows no
 * file holds, so the job fails before its commit and a rerun writes the segments again.
 */
public final class MissingSegmentFileException extends IllegalStateException {
  public MissingSegmentFileException(String segmentId, String file) {
    super("segment " + segmentId + " lost its file " + file + " before its commit (removed by a"
        + " cleanup?); nothing was committed: rerun the build to seal the range again");
  }

  /** Throws if any file of {@code segments} is missing from storage. */
  static void requirePresent(FileIO io, List<SegmentMetadata> segments) {
    for (SegmentMetadata s : segments) {
      List<String> names = new ArrayList<>();
      names.add(s.rows().name());
      if (s.keyFilter() != null) {
        names.add(s.keyFilter().name());
      }
      s.indexes().forEach(index -> {
        names.add(index.graph().name());
        if (index.pq() != null) {
          names.add(index.pq().name());
        }
      });
      for (String name : names) {
        if (!io.newInputFile(s.file(name)).exists()) {
          throw new MissingSegmentFileException(s.id(), s.file(name));
        }
      }
    }
  }
}
