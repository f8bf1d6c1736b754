package io.vectorlake.catalog.segment;

import io.vectorlake.catalog.index.BuiltIndex;
import io.vectorlake.catalog.index.IndexFile;
import java.util.List;

/**
 * One row of the segment catalog: an immutable segment of one shard (and, for rows, one
 * partition) covering the WAL range {@code (fromPosition, toPosition]}.
 *
 * @param location the directory holding the segment's files
 * @param rows the Parquet file of rows (or of tombstones)
 * @param keyFilter the primary-key filter; null for tombstones
 * @param indexes one built index per indexed vector field
 * @param buildStats build figures as JSON, for operators
 * @param updatedAtMillis when the segment last changed state (cleanup waits a grace period after a
 *     segment stops being live, for readers of older views)
 */
public record SegmentMetadata(
    String id,
    SegmentKind kind,
    SegmentState state,
    int shard,
    String partition,
    long fromPosition,
    long toPosition,
    long rowCount,
    String location,
    IndexFile rows,
    IndexFile keyFilter,
    List<BuiltIndex> indexes,
    long createdAtMillis,
    String buildStats,
    long updatedAtMillis) implements java.io.Serializable {

  public SegmentMetadata {
    indexes = List.copyOf(indexes);
    buildStats = buildStats == null ? "{}" : buildStats;
  }

  public SegmentMetadata withState(SegmentState newState) {
    return new SegmentMetadata(id, kind, newState, shard, partition, fromPosition, toPosition,
        rowCount, location, rows, keyFilter, indexes, createdAtMillis, buildStats,
        System.currentTimeMillis());
  }

  public SegmentMetadata withIndexes(List<BuiltIndex> built, String stats) {
    return new SegmentMetadata(id, kind, SegmentState.INDEXED, shard, partition, fromPosition,
        toPosition, rowCount, location, rows, keyFilter, built, createdAtMillis, stats,
        System.currentTimeMillis());
  }

  public BuiltIndex index(String field) {
    for (BuiltIndex index : indexes) {
      if (index.field().equals(field)) {
        return index;
      }
    }
    return null;
  }

  /** The location of one of the segment's files. */
  public String file(String name) {
    return location + "/" + name;
  }
}
