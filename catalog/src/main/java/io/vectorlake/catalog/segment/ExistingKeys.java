package io.vectorlake.catalog.segment;

import io.vectorlake.catalog.view.CollectionView;
import io.vectorlake.catalog.view.LatestRowResolver;
import io.vectorlake.catalog.view.ResolvedRow;
import io.vectorlake.catalog.wal.WalOp;
import io.vectorlake.catalog.wal.WalRecord;
import io.vectorlake.catalog.warehouse.PartitionSet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What sealed segments already hold, as far as folding a newer WAL range over them needs it:
 * whether a key may be in a segment (its key filters), and where its visible row is.
 */
public final class ExistingKeys {
  private final SegmentReader reader;
  private final List<SegmentMetadata> rowSegments;
  private final List<SegmentMetadata> tombstoneSegments;
  private final PartitionSet partitions;
  private List<KeyFilter> filters;
  private Map<Object, Tombstone> newestTombstones;

  public ExistingKeys(SegmentReader reader, List<SegmentMetadata> rowSegments,
      List<SegmentMetadata> tombstoneSegments, PartitionSet partitions) {
    this.reader = reader;
    this.rowSegments = rowSegments;
    this.tombstoneSegments = tombstoneSegments;
    this.partitions = partitions;
  }

  /**
   * Before folding {@code ops} over the segments: a delete scoped to a partition needs to know
   * where its key's row already is, so the visible row of each key whose first op is such a
   * delete is seeded into {@code resolver}. Returns the keys of {@code ops}, in first-op order.
   */
  public Set<Object> seedScopedDeletes(List<WalRecord> ops, LatestRowResolver resolver)
      throws IOException {
    Set<Object> keys = new LinkedHashSet<>();
    for (WalRecord op : ops) {
      if (keys.add(op.primaryKey()) && op.op() == WalOp.DELETE && op.partition() != null) {
        ResolvedRow old = visibleRow(op.primaryKey());
        if (old != null) {
          resolver.seed(old);
        }
      }
    }
    return keys;
  }

  /** False when no older segment of the shard holds the key; true when one may. */
  public boolean mayContain(Object key) throws IOException {
    if (filters == null) {
      filters = new ArrayList<>();
      for (SegmentMetadata segment : rowSegments) {
        filters.add(reader.keyFilter(segment));
      }
    }
    for (KeyFilter filter : filters) {
      if (filter.mayContain(key)) {
        return true;
      }
    }
    return false;
  }

  /** The key's visible row in the segments (without its fields), or null. */
  public ResolvedRow visibleRow(Object key) throws IOException {
    if (filters == null) {
      mayContain(key);
    }
    ResolvedRow best = null;
    for (int i = 0; i < rowSegments.size(); i++) {
      if (!filters.get(i).mayContain(key)) {
        continue;
      }
      for (ResolvedRow row : reader.rows(rowSegments.get(i), List.of())) {
        if (row.primaryKey().equals(key) && (best == null || row.position() > best.position()
            || (row.position() == best.position() && row.offset() > best.offset()))) {
          best = row;
        }
      }
    }
    if (best == null || !partitions.isVisible(best.partition(), best.position())) {
      return null;
    }
    Tombstone tombstone = tombstones().get(key);
    return tombstone != null && tombstone.kills(best.position(), best.offset()) ? null : best;
  }

  private Map<Object, Tombstone> tombstones() throws IOException {
    if (newestTombstones == null) {
      newestTombstones = CollectionView.newestTombstones(reader, tombstoneSegments);
    }
    return newestTombstones;
  }
}
