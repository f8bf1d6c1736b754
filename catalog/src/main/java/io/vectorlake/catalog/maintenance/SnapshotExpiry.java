package io.vectorlake.catalog.maintenance;

import io.vectorlake.catalog.warehouse.Locations;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expires a table's snapshots older than a cutoff with Iceberg's {@code ExpireSnapshots}, keeping
 * the newest {@code retainLast}, and deletes the files only expired snapshots referenced. Callers
 * choose the cutoff so that nothing still needed is older than it.
 */
final class SnapshotExpiry {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotExpiry.class);
  private static final int ATTEMPTS = 10;

  /** How many snapshots expired and how many data files (not metadata) went with them. */
  record Expired(int snapshots, int dataFiles) {}

  private SnapshotExpiry() {}

  static Expired expire(Table table, long olderThanMillis, int retainLast) {
    table.refresh();
    Set<Long> before = ids(table);
    AtomicInteger dataFiles = new AtomicInteger();
    String metadataRoot = Locations.comparable(table.properties().getOrDefault(
        TableProperties.WRITE_METADATA_LOCATION, table.location() + "/metadata")) + "/";
    for (int attempt = 1; ; attempt++) {
      try {
        table.expireSnapshots()
            .expireOlderThan(olderThanMillis)
            .retainLast(retainLast)
            .deleteWith(location -> {
              if (!Locations.comparable(location).startsWith(metadataRoot)) {
                dataFiles.incrementAndGet();
              }
              table.io().deleteFile(location);
            })
            .commit();
        break;
      } catch (CommitFailedException e) {
        // Writers commit all the time; expiry simply tries again on their newer metadata.
        if (attempt >= ATTEMPTS) {
          throw e;
        }
        LOG.info("expiry of {} lost a commit race ({}); retrying", table.name(), e.getMessage());
      }
    }
    table.refresh();
    before.removeAll(ids(table));
    LOG.info("{}: expired {} snapshots older than {} (deleted {} data files)", table.name(),
        before.size(), olderThanMillis, dataFiles.get());
    return new Expired(before.size(), dataFiles.get());
  }

  /** Locations compare without the scheme: "file:/a", "file:///a" and "/a" are one file. */
  private static Set<Long> ids(Table table) {
    Set<Long> ids = new HashSet<>();
    for (Snapshot s : table.snapshots()) {
      ids.add(s.snapshotId());
    }
    return ids;
  }
}
