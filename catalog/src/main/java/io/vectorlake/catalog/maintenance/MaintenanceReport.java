package io.vectorlake.catalog.maintenance;

/**
 * What one {@link Maintenance#run} removed.
 *
 * @param expiredBuildIntents intents of builds presumed dead
 * @param compactedSegments segments rewritten by compaction (0 when not asked)
 * @param retiredWalFiles sealed WAL files taken out of the WAL's current version
 * @param expiredWalSnapshots WAL snapshots expired
 * @param expiredSegmentSnapshots segment catalog snapshots expired
 * @param deletedWalFiles WAL data files deleted because no retained snapshot reads them
 * @param orphanWalFiles WAL files of writers that died before their commit, deleted
 * @param retiredSegments retired segments removed from the segment catalog
 * @param deletedSegmentFiles segment files deleted (of retired segments and dead builds)
 * @param oldestReadablePosition the oldest WAL position a reader can still ask for
 */
public record MaintenanceReport(
    int expiredBuildIntents, int compactedSegments, int retiredWalFiles, int expiredWalSnapshots,
    int expiredSegmentSnapshots, int deletedWalFiles, int orphanWalFiles, int retiredSegments,
    int deletedSegmentFiles, long oldestReadablePosition) {

  /** One line for an operator. */
  public String summary() {
    return String.format(
        "expired %d WAL and %d segment catalog snapshots; %d sealed WAL files left the WAL, %d WAL"
            + " files deleted, %d orphan WAL files deleted; %d retired segments and %d segment"
            + " files removed; %d segments compacted; %d dead build intents expired; oldest"
            + " readable WAL position %d",
        expiredWalSnapshots, expiredSegmentSnapshots, retiredWalFiles, deletedWalFiles,
        orphanWalFiles, retiredSegments, deletedSegmentFiles, compactedSegments,
        expiredBuildIntents, oldestReadablePosition);
  }
}
