package io.vectorlake.catalog.segment;

import io.vectorlake.catalog.view.LatestRowResolver;
import io.vectorlake.catalog.view.ResolvedRow;
import io.vectorlake.catalog.wal.WalRecord;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.PartitionSet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Seals the WAL range {@code (after, upTo]} of one shard into segments: resolves the range's ops
 * (the latest op per key wins), writes the resulting rows as SEALED rows segments per partition,
 * cut by {@link SegmentSize} (rows and bytes), and writes a tombstones segment for every key the range deleted
 * or replaced that an older segment may hold, so readers drop the older rows. Engine-independent:
 * the Spark builder runs one per shard in a task.
 */
public final class ShardSealer {
  private final Collection collection;
  private final SegmentSet base;
  private final SegmentSize size;

  /** Cuts segments at {@code targetRows} rows or the default byte limit. */
  public ShardSealer(Collection collection, SegmentSet base, int targetRows) {
    this(collection, base, checkedRows(targetRows));
  }

  public ShardSealer(Collection collection, SegmentSet base, SegmentSize size) {
    this.collection = collection;
    this.base = base;
    this.size = size;
  }

  private static SegmentSize checkedRows(int targetRows) {
    if (targetRows < 1) {
      throw new IllegalArgumentException("target segment rows must be positive, got " + targetRows);
    }
    return SegmentSize.ofRows(targetRows);
  }

  /** Writes the segments of one shard's range; nothing is visible until the catalog commits. */
  public List<SegmentMetadata> seal(int shard, long after, long upTo) throws IOException {
    List<WalRecord> ops = collection.walReader().read(after, upTo, Set.of(shard));
    if (ops.isEmpty()) {
      return List.of();
    }
    SegmentReader reader = new SegmentReader(collection);
    PartitionSet partitions = collection.partitions();
    ExistingKeys existing = new ExistingKeys(
        reader,
        base.liveRows().stream().filter(s -> s.shard() == shard).toList(),
        base.liveTombstones().stream().filter(s -> s.shard() == shard).toList(),
        partitions);

    LatestRowResolver resolver = new LatestRowResolver();
    existing.seedScopedDeletes(ops, resolver);
    Map<Object, WalRecord> lastOp = new LinkedHashMap<>();
    for (WalRecord op : ops) {
      lastOp.put(op.primaryKey(), op);
    }
    resolver.applyAll(ops);

    Map<String, List<ResolvedRow>> rowsByPartition = new TreeMap<>();
    List<Tombstone> tombstones = new ArrayList<>();
    for (Map.Entry<Object, WalRecord> entry : lastOp.entrySet()) {
      Object key = entry.getKey();
      ResolvedRow row = resolver.rows().get(key);
      boolean written = row != null && row.position() > after;
      boolean unchanged = row != null && !written;
      if (written && partitions.isVisible(row.partition(), row.position())) {
        rowsByPartition.computeIfAbsent(row.partition(), p -> new ArrayList<>()).add(row);
      }
      if (!unchanged && existing.mayContain(key)) {
        WalRecord last = entry.getValue();
        tombstones.add(written ? new Tombstone(key, row.position(), row.offset())
            : new Tombstone(key, last.position(), last.offset()));
      }
    }

    SegmentWriter writer = new SegmentWriter(collection);
    List<SegmentMetadata> segments = new ArrayList<>();
    for (Map.Entry<String, List<ResolvedRow>> partition : rowsByPartition.entrySet()) {
      List<ResolvedRow> rows = partition.getValue();
      int cut = size.rowsPerSegment(rows);
      for (int from = 0; from < rows.size(); from += cut) {
        segments.add(writer.writeRows(shard, partition.getKey(), after, upTo,
            rows.subList(from, Math.min(rows.size(), from + cut))));
      }
    }
    if (!tombstones.isEmpty()) {
      segments.add(writer.writeTombstones(shard, after, upTo, tombstones));
    }
    return segments;
  }
}
