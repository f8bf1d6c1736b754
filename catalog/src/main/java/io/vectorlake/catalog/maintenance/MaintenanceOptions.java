package io.vectorlake.catalog.maintenance;

/**
 * What one {@link Maintenance#run} does beyond expiry, WAL retention and cleanup.
 *
 * @param policy the retention policy to apply, or null for the one in the collection's properties
 * @param compact whether to compact segments (in this process) first
 * @param compactMaxDead share of dead rows above which compaction rewrites a segment
 * @param compactSmallRows segments under this many rows are merged
 * @param compactTargetRows rows per compacted segment at most
 */
public record MaintenanceOptions(
    RetentionPolicy policy, boolean compact, double compactMaxDead, long compactSmallRows,
    int compactTargetRows) {

  /** The collection's own policy, no compaction. */
  public static MaintenanceOptions defaults() {
    return new MaintenanceOptions(null, false, 0.2, 10_000, 1_000_000);
  }

  public MaintenanceOptions withPolicy(RetentionPolicy override) {
    return new MaintenanceOptions(override, compact, compactMaxDead, compactSmallRows,
        compactTargetRows);
  }

  public MaintenanceOptions withCompaction(boolean enabled) {
    return new MaintenanceOptions(policy, enabled, compactMaxDead, compactSmallRows,
        compactTargetRows);
  }
}
