package io.vectorlake.catalog.view;

import io.vectorlake.catalog.schema.Row;
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
 * <p>This first form resolves from the WAL alone. With sealed segments, the segment rows seed the
 * same {@link LatestRowResolver} and only the WAL tail after the watermark is folded over them.
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
    LatestRowResolver resolver = new LatestRowResolver();
    resolver.applyAll(collection.walReader().read(0, position));
    return new CollectionView(position, visible(resolver.rows(), collection.partitions()));
  }

  static Map<Object, ResolvedRow> visible(Map<Object, ResolvedRow> rows, PartitionSet partitions) {
    Map<Object, ResolvedRow> out = new java.util.HashMap<>();
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
