package io.vectorlake.catalog.view;

import io.vectorlake.catalog.schema.Row;
import io.vectorlake.catalog.segment.SegmentMetadata;
import io.vectorlake.catalog.segment.SegmentReader;
import io.vectorlake.catalog.segment.Tombstone;
import io.vectorlake.catalog.segment.TombstoneCache;
import io.vectorlake.catalog.warehouse.Collection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The resolved collection at one WAL position: for every primary key, its latest row, minus keys
 * deleted later and rows of partitions dropped since. An immutable snapshot; build a new one to see
 * newer writes.
 *
 * <p>It reads everything a {@link ReadPlan} at that position names, in this process: meant for
 * tests, tools and small collections, as it holds every row in memory. Serving and the Spark source
 * read the same plan segment by segment.
 */
public final class CollectionView {
  private final long position;
  private final Map<Object, ResolvedRow> rows;

  private CollectionView(long position, Map<Object, ResolvedRow> rows) {
    this.position = position;
    this.rows = rows;
  }

  /** The collection at its newest committed WAL position. */
  public static CollectionView latest(Collection collection) {
    return at(collection, collection.walPosition());
  }

  /** The collection as it was at WAL position {@code position}. */
  public static CollectionView at(Collection collection, long position) {
    try {
      Map<Object, ResolvedRow> rows = ReadPlan.of(collection, position).readAll(collection);
      return new CollectionView(position, Collections.unmodifiableMap(rows));
    } catch (IOException e) {
      throw new UncheckedIOException("reading the segments of " + collection.id(), e);
    }
  }

  /** The newest tombstone of each key in the given tombstone segments. */
  public static Map<Object, Tombstone> newestTombstones(
      SegmentReader reader, List<SegmentMetadata> tombstoneSegments) throws IOException {
    return new TombstoneCache().newest(reader, tombstoneSegments);
  }

  public long position() {
    return position;
  }

  public int size() {
    return rows.size();
  }

  public Optional<Row> get(Object primaryKey) {
    ResolvedRow row = rows.get(primaryKey);
    return row == null ? Optional.empty() : Optional.of(row.row());
  }

  /** The visible rows by primary key. */
  public Map<Object, ResolvedRow> rows() {
    return rows;
  }

  /** The visible rows of the given partitions (all when the list is empty). */
  public List<ResolvedRow> rows(List<String> partitionNames) {
    List<ResolvedRow> out = new ArrayList<>();
    for (ResolvedRow row : rows.values()) {
      if (partitionNames.isEmpty() || partitionNames.contains(row.partition())) {
        out.add(row);
      }
    }
    return out;
  }
}
