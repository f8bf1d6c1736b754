package io.vectorlake.catalog.segment;

import io.vectorlake.catalog.view.CollectionView;
import io.vectorlake.catalog.view.ResolvedRow;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.PartitionSet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One compaction of a collection: rewrites the rows segments whose dead fraction (rows killed by
 * tombstones or hidden by a dropped partition) exceeds a threshold, merges small segments of the
 * same shard and partition, marks segments of dropped partitions DROPPED, and, when every rows
 * segment of a shard is rewritten, retires that shard's tombstones. The new segments keep each
 * row's WAL place; the watermark does not move. Commits as one segment catalog transaction.
 */
public record CompactionPlan(
    SegmentSet base, List<CompactionPlan.Group> groups, List<SegmentMetadata> dropped,
    List<SegmentMetadata> retiredTombstones) implements java.io.Serializable {

  private static final Logger LOG = LoggerFactory.getLogger(CompactionPlan.class);
  /** Builds that commit while one compaction runs; more than this and the compaction gives up. */
  private static final int REBASE_ATTEMPTS = 5;

  /** Segments of one shard and partition rewritten together. */
  public record Group(int shard, String partition, List<SegmentMetadata> inputs)
      implements java.io.Serializable {}

  /**
   * Plans a compaction: {@code maxDeadFraction} is the share of dead rows above which a segment is
   * rewritten, segments under {@code smallRows} rows are merged, and {@code full} rewrites all.
   */
  public static CompactionPlan of(
      Collection collection, double maxDeadFraction, long smallRows, boolean full) throws IOException {
    SegmentSet base = collection.segmentCatalog().current();
    SegmentReader reader = new SegmentReader(collection);
    PartitionSet partitions = collection.partitions();
    Map<Object, Tombstone> tombstones =
        CollectionView.newestTombstones(reader, base.liveTombstones());

    Map<String, List<SegmentMetadata>> candidates = new LinkedHashMap<>();
    List<SegmentMetadata> dropped = new ArrayList<>();
    Set<String> mostlyDead = new HashSet<>();
    Map<Integer, Integer> liveRowSegmentsPerShard = new HashMap<>();
    for (SegmentMetadata segment : base.liveRows()) {
      if (!partitions.contains(segment.partition())) {
        dropped.add(segment);
        continue;
      }
      liveRowSegmentsPerShard.merge(segment.shard(), 1, Integer::sum);
      long dead = 0;
      for (ResolvedRow row : reader.rows(segment, List.of())) {
        Tombstone t = tombstones.get(row.primaryKey());
        if ((t != null && t.kills(row.position(), row.offset()))
            || !partitions.isVisible(row.partition(), row.position())) {
          dead++;
        }
      }
      boolean tooDead = segment.rowCount() > 0 && dead > maxDeadFraction * segment.rowCount();
      if (tooDead) {
        mostlyDead.add(segment.id());
      }
      if (full || tooDead || segment.rowCount() < smallRows) {
        candidates.computeIfAbsent(segment.shard() + "/" + segment.partition(), k -> new ArrayList<>())
            .add(segment);
      }
    }
    List<Group> groups = new ArrayList<>();
    for (List<SegmentMetadata> inputs : candidates.values()) {
      boolean worthIt = full || inputs.size() > 1 || mostlyDead.contains(inputs.get(0).id());
      if (worthIt) {
        groups.add(new Group(inputs.get(0).shard(), inputs.get(0).partition(), inputs));
      }
    }
    Map<Integer, Integer> rewrittenPerShard = new HashMap<>();
    groups.forEach(g -> rewrittenPerShard.merge(g.shard(), g.inputs().size(), Integer::sum));
    Set<Integer> fullyRewritten = new HashSet<>();
    liveRowSegmentsPerShard.forEach((shard, count) -> {
      if (count.equals(rewrittenPerShard.get(shard))) {
        fullyRewritten.add(shard);
      }
    });
    List<SegmentMetadata> retired = new ArrayList<>();
    for (SegmentMetadata t : base.liveTombstones()) {
      if (fullyRewritten.contains(t.shard()) || !liveRowSegmentsPerShard.containsKey(t.shard())) {
        retired.add(t);
      }
    }
    return new CompactionPlan(base, groups, dropped, retired);
  }

  public boolean isEmpty() {
    return groups.isEmpty() && dropped.isEmpty() && retiredTombstones.isEmpty();
  }

  /** Writes the group's live rows as new SEALED segments of at most {@code targetRows} rows. */
  public List<SegmentMetadata> compact(Collection collection, Group group, int targetRows)
      throws IOException {
    SegmentReader reader = new SegmentReader(collection);
    PartitionSet partitions = collection.partitions();
    Map<Object, Tombstone> tombstones =
        CollectionView.newestTombstones(reader, base.liveTombstones().stream()
            .filter(t -> t.shard() == group.shard()).toList());
    List<ResolvedRow> alive = new ArrayList<>();
    long from = Long.MAX_VALUE;
    long to = 0;
    for (SegmentMetadata input : group.inputs()) {
      from = Math.min(from, input.fromPosition());
      to = Math.max(to, input.toPosition());
      for (ResolvedRow row : reader.rows(input)) {
        Tombstone t = tombstones.get(row.primaryKey());
        if ((t == null || !t.kills(row.position(), row.offset()))
            && partitions.isVisible(row.partition(), row.position())) {
          alive.add(row);
        }
      }
    }
    SegmentWriter writer = new SegmentWriter(collection);
    List<SegmentMetadata> out = new ArrayList<>();
    for (int i = 0; i < alive.size(); i += targetRows) {
      out.add(writer.writeRows(group.shard(), group.partition(), from, to,
          alive.subList(i, Math.min(alive.size(), i + targetRows))));
    }
    LOG.info("compacted {} segments of shard {} partition {}: {} live rows in {} segments",
        group.inputs().size(), group.shard(), group.partition(), alive.size(), out.size());
    return out;
  }

  /**
   * Commits the rewritten segments. A build that committed meanwhile does not stop it: the
   * compaction lands on top of the build's catalog version as long as every segment it replaces
   * is still live there (a build only adds segments, and its tombstones still apply to the
   * rewritten rows, which keep their WAL places). Throws {@link CommitConflictException} when
   * another job replaced one of them, or when the races go on.
   */
  public SegmentSet commit(Collection collection, List<SegmentMetadata> outputs) {
    MissingSegmentFileException.requirePresent(collection.walTable().io(), outputs);
    SegmentCatalog catalog = collection.segmentCatalog();
    SegmentSet onto = base;
    for (int attempt = 1; ; attempt++) {
      try {
        return catalog.commit(onto, replacedIn(onto, outputs), onto.watermark(), "compact");
      } catch (CommitConflictException e) {
        SegmentSet now = catalog.current();
        if (attempt >= REBASE_ATTEMPTS || !stillLive(now)) {
          throw e;
        }
        LOG.info("compaction of {}: a build committed meanwhile (watermark {} -> {}); landing on"
            + " top of it", collection.id(), onto.watermark(), now.watermark());
        onto = now;
      }
    }
  }

  /** {@code onto}'s segments with the inputs marked replaced, plus the outputs. */
  private List<SegmentMetadata> replacedIn(SegmentSet onto, List<SegmentMetadata> outputs) {
    Set<String> replaced = replacedIds();
    Set<String> droppedIds = new HashSet<>();
    dropped.forEach(s -> droppedIds.add(s.id()));
    List<SegmentMetadata> all = new ArrayList<>();
    for (SegmentMetadata s : onto.segments()) {
      if (replaced.contains(s.id())) {
        all.add(s.withState(SegmentState.COMPACTED));
      } else if (droppedIds.contains(s.id())) {
        all.add(s.withState(SegmentState.DROPPED));
      } else {
        all.add(s);
      }
    }
    all.addAll(outputs);
    return all;
  }

  private Set<String> replacedIds() {
    Set<String> replaced = new HashSet<>();
    groups.forEach(g -> g.inputs().forEach(s -> replaced.add(s.id())));
    retiredTombstones.forEach(s -> replaced.add(s.id()));
    return replaced;
  }

  /** Whether every segment this plan replaces or drops is still live in {@code now}. */
  private boolean stillLive(SegmentSet now) {
    Set<String> live = new HashSet<>();
    now.live().forEach(s -> live.add(s.id()));
    Set<String> needed = replacedIds();
    dropped.forEach(s -> needed.add(s.id()));
    return live.containsAll(needed);
  }

  /** Compacts and indexes every group in this process, then commits. */
  public SegmentSet runLocally(Collection collection, int targetRows, int threads) throws IOException {
    if (isEmpty()) {
      return base;
    }
    SegmentCatalog catalog = collection.segmentCatalog();
    BuildIntent intent = catalog.beginBuild(base.watermark());
    try {
      SegmentWriter writer = new SegmentWriter(collection);
      List<SegmentMetadata> outputs = new ArrayList<>();
      for (Group group : groups) {
        for (SegmentMetadata sealed : compact(collection, group, targetRows)) {
          outputs.add(writer.buildIndexes(sealed, threads));
        }
      }
      return commit(collection, outputs);
    } finally {
      catalog.endBuild(intent);
    }
  }
}
