package io.vectorlake.catalog.maintenance;

import io.vectorlake.catalog.segment.BuildIntent;
import io.vectorlake.catalog.segment.Cleanup;
import io.vectorlake.catalog.segment.CommitConflictException;
import io.vectorlake.catalog.segment.CompactionPlan;
import io.vectorlake.catalog.segment.SegmentCatalog;
import io.vectorlake.catalog.segment.SegmentSet;
import io.vectorlake.catalog.segment.SegmentSize;
import io.vectorlake.catalog.segment.TieredMergePolicy;
import io.vectorlake.catalog.warehouse.Collection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one routine that keeps a collection bounded: expires dead builds' intents, optionally
 * compacts, takes sealed WAL files out of the WAL, expires WAL and segment catalog snapshots
 * under the collection's {@link RetentionPolicy}, and deletes orphan files. Safe while writers,
 * builds and readers work: every step commits through Iceberg and keeps what they still need.
 *
 * <p>What expiry keeps, beyond the time-travel window and the newest snapshots: the WAL snapshot
 * at the watermark and at every running build's position (the build reads the WAL there), and
 * the segment catalog version a reader at the oldest retained WAL
 * position sees, so every WAL position still readable resolves exactly as before.
 */
public final class Maintenance {
  private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);

  private Maintenance() {}

  /** The retention policy kept in the collection's properties (defaults where unset). */
  public static RetentionPolicy policy(Collection collection) {
    collection.walTable().refresh();
    return RetentionPolicy.fromProperties(collection.walTable().properties());
  }

  /** Stores {@code policy} in the collection's properties. */
  public static void setPolicy(Collection collection, RetentionPolicy policy) {
    UpdateProperties update = collection.walTable().updateProperties();
    policy.toProperties().forEach(update::set);
    update.commit();
  }

  public static MaintenanceReport run(Collection collection, MaintenanceOptions options) {
    RetentionPolicy policy = options.policy() != null ? options.policy() : policy(collection);
    long now = System.currentTimeMillis();
    long windowStart = now - policy.maxAge().toMillis();
    long orphanCutoff = now - policy.orphanGrace().toMillis();
    SegmentCatalog segments = collection.segmentCatalog();
    Table wal = collection.walTable();

    int deadBuilds = expireDeadBuilds(segments, now - policy.buildTimeout().toMillis());
    int compacted = options.compact() ? compact(collection, options) : 0;

    Expiry expiry = retireAndExpire(collection, policy, windowStart);
    SnapshotExpiry.Expired walExpired = expiry.wal();
    SnapshotExpiry.Expired segmentsExpired = expiry.segments();
    long oldestPosition = expiry.oldestPosition();

    int orphanWal = OrphanWalFiles.remove(wal, orphanCutoff);
    // A retired segment may go once no retained catalog version lists it as live, and once a
    // reader that loaded it before it was retired has had time to move on.
    long retiredBefore = Math.min(Math.min(windowStart, oldestTimestamp(segments.table())),
        now - policy.retiredGrace().toMillis());
    Cleanup.Result cleaned = cleanup(collection, retiredBefore, orphanCutoff);

    MaintenanceReport report = new MaintenanceReport(deadBuilds, compacted, expiry.retiredWalFiles(),
        walExpired.snapshots(), segmentsExpired.snapshots(), walExpired.dataFiles(), orphanWal,
        cleaned.retiredSegments(), cleaned.deletedFiles(), oldestPosition);
    LOG.info("maintenance of {}: {}", collection.id(), report.summary());
    return report;
  }

  /**
   * The part of maintenance a build runs when it has committed: takes the WAL files it sealed out
   * of the WAL once older than the time-travel window, and expires the snapshots of the WAL and
   * the segment catalog the policy lets go (so the files an earlier run took out leave storage).
   * Between two {@code maintain} runs storage then stays near one copy of the data, whatever their
   * schedule. Never fails the build: what it cannot do now, the next build or maintain does.
   */
  public static void afterBuild(Collection collection) {
    try {
      long started = System.nanoTime();
      RetentionPolicy policy = policy(collection);
      Expiry expiry = retireAndExpire(
          collection, policy, System.currentTimeMillis() - policy.maxAge().toMillis());
      LOG.info("after the build of {}: {} sealed WAL files left the WAL, {} WAL and {} segment"
          + " catalog snapshots expired, {} WAL files deleted, in {} ms", collection.id(),
          expiry.retiredWalFiles(), expiry.wal().snapshots(), expiry.segments().snapshots(),
          expiry.wal().dataFiles(), (System.nanoTime() - started) / 1_000_000);
    } catch (RuntimeException e) {
      LOG.warn("after the build of {}: WAL retention and expiry failed ({}); the next build or"
          + " maintain runs them", collection.id(), e.toString());
    }
  }

  private record Expiry(int retiredWalFiles, SnapshotExpiry.Expired wal,
      SnapshotExpiry.Expired segments, long oldestPosition) {}

  /** WAL retention, then expiry of the WAL and of the segment catalog. */
  private static Expiry retireAndExpire(
      Collection collection, RetentionPolicy policy, long windowStart) {
    SegmentCatalog segments = collection.segmentCatalog();
    Table wal = collection.walTable();
    long watermark = segments.current().watermark();
    int retiredWalFiles = SealedWalFiles.retire(wal, watermark, windowStart);
    long walCutoff = Math.min(windowStart, oldestNeededWalSnapshot(wal, watermark,
        segments.buildIntents()));
    SnapshotExpiry.Expired walExpired = SnapshotExpiry.expire(wal, walCutoff, policy.minSnapshots());

    long oldestPosition = oldestPosition(wal);
    long segmentCutoff = Math.min(windowStart, timestampOf(segments, segments.at(oldestPosition)));
    SnapshotExpiry.Expired segmentsExpired =
        SnapshotExpiry.expire(segments.table(), segmentCutoff, policy.minSnapshots());
    return new Expiry(retiredWalFiles, walExpired, segmentsExpired, oldestPosition);
  }

  /** Cleanup commits to the segment catalog; a build that commits first makes it try again. */
  private static Cleanup.Result cleanup(Collection c, long retiredBefore, long orphanCutoff) {
    for (int attempt = 1; ; attempt++) {
      try {
        return Cleanup.removeBefore(c, retiredBefore, orphanCutoff);
      } catch (CommitConflictException e) {
        if (attempt >= 5) {
          throw e;
        }
        LOG.info("cleanup of {} raced a build ({}); retrying", c.id(), e.getMessage());
      }
    }
  }

  private static int expireDeadBuilds(SegmentCatalog segments, long startedBeforeMillis) {
    int expired = 0;
    for (BuildIntent intent : segments.buildIntents()) {
      if (intent.startedAtMillis() < startedBeforeMillis) {
        LOG.warn("build {} of {} started at {} and never finished; its files are no longer"
            + " protected", intent.id(), segments.table().name(), intent.startedAtMillis());
        segments.endBuild(intent);
        expired++;
      }
    }
    return expired;
  }

  /**
   * Compacts in this process with the options' thresholds; returns how many segments it rewrote.
   * Gives up (returns 0) if a build commits first; the next run compacts.
   */
  public static int compact(Collection collection, MaintenanceOptions options) {
    try {
      CompactionPlan plan = CompactionPlan.of(collection, options.compactMaxDead(),
          options.compactSmallRows(), false, TieredMergePolicy.of(
              SegmentSize.ofRows(options.compactTargetRows()), options.compactSmallRows()));
      int rewritten = plan.groups().stream().mapToInt(g -> g.inputs().size()).sum();
      plan.runLocally(collection, options.compactTargetRows(),
          Math.max(1, Runtime.getRuntime().availableProcessors()));
      return rewritten;
    } catch (CommitConflictException e) {
      LOG.info("compaction of {} lost a race with a build ({}); it runs next time",
          collection.id(), e.getMessage());
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException("compacting " + collection.id(), e);
    }
  }

  /**
   * The commit time of the oldest WAL snapshot something still reads: the one at the watermark,
   * and the ones running builds read. Flink jobs pin nothing: the sink keeps what it committed in
   * the WAL's table properties, so a job that stopped for good never holds history back.
   */
  private static long oldestNeededWalSnapshot(Table wal, long watermark, List<BuildIntent> builds) {
    wal.refresh();
    long oldest = Long.MAX_VALUE;
    oldest = Math.min(oldest, timestampAt(wal, watermark));
    for (BuildIntent build : builds) {
      oldest = Math.min(oldest, timestampAt(wal, build.walPosition()));
    }
    return oldest;
  }

  /** The commit time of the WAL snapshot a reader at {@code position} reads, if it exists. */
  private static long timestampAt(Table wal, long position) {
    Snapshot best = null;
    for (Snapshot s : wal.snapshots()) {
      if (s.sequenceNumber() <= position
          && (best == null || s.sequenceNumber() > best.sequenceNumber())) {
        best = s;
      }
    }
    return best == null ? Long.MAX_VALUE : best.timestampMillis();
  }

  private static long oldestPosition(Table wal) {
    wal.refresh();
    long oldest = Long.MAX_VALUE;
    for (Snapshot s : wal.snapshots()) {
      oldest = Math.min(oldest, s.sequenceNumber());
    }
    return oldest == Long.MAX_VALUE ? 0 : oldest;
  }

  private static long timestampOf(SegmentCatalog segments, SegmentSet version) {
    Snapshot s = version.snapshotId() < 0 ? null : segments.table().snapshot(version.snapshotId());
    return s == null ? Long.MAX_VALUE : s.timestampMillis();
  }

  private static long oldestTimestamp(Table table) {
    table.refresh();
    long oldest = Long.MAX_VALUE;
    for (Snapshot s : table.snapshots()) {
      oldest = Math.min(oldest, s.timestampMillis());
    }
    return oldest;
  }
}
