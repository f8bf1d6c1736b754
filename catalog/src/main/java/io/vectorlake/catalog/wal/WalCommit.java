package io.vectorlake.catalog.wal;

import java.util.List;

/**
 * What one WAL commit wrote.
 *
 * @param position the WAL position the commit created (its Iceberg sequence number)
 * @param snapshotId the Iceberg snapshot of the commit
 * @param primaryKeys the key of each op, in batch order (generated keys included)
 */
public record WalCommit(long position, long snapshotId, List<Object> primaryKeys) {}
