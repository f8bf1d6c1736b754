package io.vectorlake.catalog.maintenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFiles;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;

/**
 * WAL retention: takes the WAL files whose ops are all sealed into segments (at or below the
 * watermark) and were committed before the time-travel window out of the WAL's current version.
 * Older snapshots still list them, so a reader inside the window still reads them; snapshot expiry
 * deletes them once no retained snapshot does, which leaves about one copy of the data: the
 * segments.
 */
final class SealedWalFiles {
  static final String OPERATION = "vectorlake.operation";

  private SealedWalFiles() {}

  /** Removes the sealed files committed before {@code windowStartMillis}; returns how many. */
  static int retire(Table wal, long watermark, long windowStartMillis) {
    wal.refresh();
    Snapshot current = wal.currentSnapshot();
    long upTo = Math.min(watermark, newestPositionBefore(wal, windowStartMillis));
    if (current == null || upTo <= 0) {
      return 0;
    }
    List<DataFile> sealed = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks =
        wal.newScan().useSnapshot(current.snapshotId()).planFiles()) {
      for (FileScanTask task : tasks) {
        // Each WAL file holds the ops of one commit, all at its data sequence number.
        if (task.file().dataSequenceNumber() <= upTo) {
          sealed.add(task.file());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("planning WAL retention of " + wal.name(), e);
    }
    if (sealed.isEmpty()) {
      return 0;
    }
    DeleteFiles delete = wal.newDelete();
    sealed.forEach(delete::deleteFile);
    delete.set(OPERATION, "wal-retention").commit();
    return sealed.size();
  }

  /** The position of the newest snapshot committed before {@code millis}, or 0. */
  private static long newestPositionBefore(Table wal, long millis) {
    long best = 0;
    for (Snapshot s : wal.snapshots()) {
      if (s.timestampMillis() < millis) {
        best = Math.max(best, s.sequenceNumber());
      }
    }
    return best;
  }
}
