package io.vectorlake.catalog.view;

import io.vectorlake.catalog.schema.Row;
import io.vectorlake.catalog.segment.SegmentMetadata;
import io.vectorlake.catalog.segment.SegmentReader;
import io.vectorlake.catalog.segment.SegmentSet;
import io.vectorlake.catalog.segment.Tombstone;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.PartitionSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The resolved collection at one WAL position: for every primary key, its latest row, minus keys
 * deleted later and rows of partitions dropped since. An immutable snapshot; build a new one to see
 * newer writes.
 *
 * <p>It reads the segment catalog version a reader at that position sees: the rows of its live
 * segments that no tombstone kills seed a {@link LatestRowResolver}, and the WAL after the
 * catalog's watermark is folded over them. Meant for tests, tools and small collections: it holds
 * every row in memory. Serving and the Spark source resolve segment by segment with the same rules.
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
    SegmentSet segments = collection.segmentCatalog().at(position);
    LatestRowResolver resolver = new LatestRowResolver();
    try {
      SegmentReader reader = new SegmentReader(collection);
      Map<Object, Tombstone> tombstones = newestTombstones(reader, segments.liveTombstones());
      for (SegmentMetadata segment : segments.liveRows()) {
        for (ResolvedRow row : reader.rows(segment)) {
          Tombstone tombstone = tombstones.get(row.primaryKey());
          if (tombstone == null || !tombstone.kills(row.position(), row.offset())) {
            resolver.seed(row);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the segments of " + collection.id(), e);
    }
    resolver.applyAll(collection.walReader().read(segments.watermark(), position));
    return new CollectionView(position, visible(resolver.rows(), collection.partitions()));
  }

  /** The newest tombstone of each key in the given tombstone segments. */
  public static Map<Object, Tombstone> newestTombstones(
      SegmentReader reader, List<SegmentMetadata> tombstoneSegments) throws IOException {
    Map<Object, Tombstone> newest = new HashMap<>();
    for (SegmentMetadata segment : tombstoneSegments) {
      for (Tombstone t : reader.tombstones(segment)) {
        newest.merge(t.primaryKey(), t, (a, b) -> a.kills(b.position(), b.offset()) ? a : b);
      }
    }
    return newest;
  }

  static Map<Object, ResolvedRow> visible(Map<Object, ResolvedRow> rows, PartitionSet partitions) {
    Map<Object, ResolvedRow> out = new HashMap<>();
    rows.forEach(
        (key, row) -> {
          if (partitions.isVisible(row.partition(), row.position())) {
            out.put(key, row);
          }
        });
    return Collections.unmodifiableMap(out);
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
