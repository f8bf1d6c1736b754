package io.vectorlake.serving.search;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.view.ResolvedRow;
import io.vectorlake.catalog.warehouse.PartitionSet;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds {@link GrowingSegment} snapshots incrementally, as the WAL tail grows: a changed key's
 * new row is appended (its old ordinal goes dead), full chunks are built once and shared, and only
 * the last, partial chunk is rebuilt per snapshot. When dead rows outnumber live ones the rows are
 * packed again from scratch. Not thread-safe: its owner refreshes under a lock.
 */
public final class GrowingRows {
  private final CollectionSchema schema;
  private final List<GrowingChunk> sealed = new ArrayList<>();
  private final List<ResolvedRow> tail = new ArrayList<>();
  private final Map<Object, Integer> ordinals = new HashMap<>();
  private final BitSet live = new BitSet();
  private GrowingChunk tailChunk;
  private PartitionSet partitions;

  public GrowingRows(CollectionSchema schema, PartitionSet partitions) {
    this.schema = schema;
    this.partitions = partitions;
  }

  private int size() {
    return sealed.size() * GrowingSegment.CHUNK + tail.size();
  }

  private ResolvedRow row(int ordinal) {
    int chunk = ordinal / GrowingSegment.CHUNK;
    return chunk < sealed.size() ? sealed.get(chunk).rows[ordinal % GrowingSegment.CHUNK]
        : tail.get(ordinal % GrowingSegment.CHUNK);
  }

  /** Takes the resolved row of a key now ({@code null}: the key has no row any more). */
  public void update(Object key, ResolvedRow now) {
    Integer ordinal = ordinals.get(key);
    if (ordinal != null && row(ordinal) == now) {
      return; // e.g. a delete aimed at another partition: the row did not change
    }
    if (ordinal != null) {
      live.clear(ordinal);
      ordinals.remove(key);
    }
    // A row outside the live partitions never becomes visible again (a partition created again
    // under the same name starts empty), so it is not kept.
    if (now != null && partitions.isVisible(now.partition(), now.position())) {
      int next = size();
      tail.add(now);
      tailChunk = null;
      ordinals.put(key, next);
      live.set(next);
      if (tail.size() == GrowingSegment.CHUNK) {
        sealed.add(new GrowingChunk(schema, tail));
        tail.clear();
      }
    }
  }

  /** Applies a new partition set: rows of dropped partitions go dead. */
  public void partitions(PartitionSet next) {
    if (next.equals(partitions)) {
      return;
    }
    partitions = next;
    for (var entries = ordinals.entrySet().iterator(); entries.hasNext(); ) {
      var entry = entries.next();
      ResolvedRow row = row(entry.getValue());
      if (!partitions.isVisible(row.partition(), row.position())) {
        live.clear(entry.getValue());
        entries.remove();
      }
    }
  }

  /** An immutable segment of the rows as they are now. */
  public GrowingSegment snapshot() {
    int dead = size() - ordinals.size();
    if (dead > GrowingSegment.CHUNK && dead > size() / 2) {
      repack();
    }
    List<GrowingChunk> chunks = new ArrayList<>(sealed);
    if (!tail.isEmpty()) {
      if (tailChunk == null) {
        tailChunk = new GrowingChunk(schema, tail);
      }
      chunks.add(tailChunk);
    }
    return new GrowingSegment(chunks, (BitSet) live.clone());
  }

  /** Drops dead rows by appending the current ones afresh. */
  private void repack() {
    List<Map.Entry<Object, ResolvedRow>> current = new ArrayList<>();
    for (Map.Entry<Object, Integer> entry : ordinals.entrySet()) {
      current.add(Map.entry(entry.getKey(), row(entry.getValue())));
    }
    current.sort((a, b) -> Integer.compare(ordinals.get(a.getKey()), ordinals.get(b.getKey())));
    sealed.clear();
    tail.clear();
    tailChunk = null;
    ordinals.clear();
    live.clear();
    for (Map.Entry<Object, ResolvedRow> entry : current) {
      update(entry.getKey(), entry.getValue());
    }
  }

  /** A segment of exactly these rows, for tests and one-off views. */
  public static GrowingSegment of(CollectionSchema schema, PartitionSet partitions,
      List<ResolvedRow> rows) {
    GrowingRows growing = new GrowingRows(schema, partitions);
    for (ResolvedRow row : rows) {
      growing.update(row.primaryKey(), row);
    }
    return growing.snapshot();
  }
}
