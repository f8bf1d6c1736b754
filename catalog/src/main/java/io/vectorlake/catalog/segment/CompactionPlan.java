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
 * segment of a shard is rewritten, retires that shard's tombstones; otherwise it replaces a
 * shard's tombstone segments by one of the tombstones still needed ({@link TombstoneRewrite}). The new segments keep each
 * row's WAL place; the watermark does not move. Commits as one segment catalog transaction.
 */
public record CompactionPlan(
    SegmentSet base, List<CompactionPlan.Group> groups, List<SegmentMetadata> dropped,
    List<SegmentMetadata> retiredTombstones, List<TombstoneRewrite> tombstoneRewrites)
    implements java.io.Serializable {

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
    return of(collection, maxDeadFraction, smallRows, full, null);
  }

  /**
   * {@link #of(Collection, double, long, boolean)}, and besides the small and mostly dead
   * segments, the merges {@code tiers} picks among the other segments of each shard and
   * partition (none when null), each merge a group of its own.
   */
  public static CompactionPlan of(Collection collection, double maxDeadFraction, long smallRows,
      boolean full, TieredMergePolicy tiers) throws IOException {
    SegmentSet base = collection.segmentCatalog().current();
    SegmentReader reader = new SegmentReader(collection);
    PartitionSet partitions = collection.partitions();
    Map<Integer, List<SegmentMetadata>> tombstoneSegments = new HashMap<>();
    base.liveTombstones().forEach(t ->
        tombstoneSegments.computeIfAbsent(t.shard(), k -> new ArrayList<>()).add(t));
    Map<Integer, Map<Object, Tombstone>> tombstonesByShard = new HashMap<>();
    for (Map.Entry<Integer, List<SegmentMetadata>> shard : tombstoneSegments.entrySet()) {
      tombstonesByShard.put(shard.getKey(),
          CollectionView.newestTombstones(reader, shard.getValue()));
    }
    // per rows segment: the keys of its rows a tombstone kills
    Map<String, List<Object>> killedKeys = new HashMap<>();

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
      Map<Object, Tombstone> tombstones = tombstonesByShard.getOrDefault(segment.shard(), Map.of());
      List<Object> killed = new ArrayList<>();
      for (ResolvedRow row : reader.rows(segment, List.of())) {
        Tombstone t = tombstones.get(row.primaryKey());
        boolean killedByTombstone = t != null && t.kills(row.position(), row.offset());
        if (killedByTombstone) {
          killed.add(row.primaryKey());
        }
        if (killedByTombstone || !partitions.isVisible(row.partition(), row.position())) {
          dead++;
        }
      }
      killedKeys.put(segment.id(), killed);
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
    if (tiers != null && !full) {
      Map<String, List<SegmentMetadata>> rest = new LinkedHashMap<>();
      Set<String> taken = new HashSet<>();
      candidates.values().forEach(list -> list.forEach(c -> taken.add(c.id())));
      for (SegmentMetadata segment : base.liveRows()) {
        if (partitions.contains(segment.partition()) && !taken.contains(segment.id())) {
          rest.computeIfAbsent(segment.shard() + "/" + segment.partition(), k -> new ArrayList<>())
              .add(segment);
        }
      }
      for (List<SegmentMetadata> segments : rest.values()) {
        for (List<SegmentMetadata> merge : tiers.merges(segments)) {
          groups.add(new Group(merge.get(0).shard(), merge.get(0).partition(), merge));
        }
      }
    }
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
    List<TombstoneRewrite> rewrites = tombstoneRewrites(base, groups, tombstoneSegments,
        tombstonesByShard, killedKeys, fullyRewritten, liveRowSegmentsPerShard.keySet());
    rewrites.forEach(r -> retired.addAll(r.replaced()));
    return new CompactionPlan(base, groups, dropped, retired, rewrites);
  }

  /** For each shard that keeps rows segments, its tombstones rewritten down to those needed. */
  private static List<TombstoneRewrite> tombstoneRewrites(SegmentSet base, List<Group> groups,
      Map<Integer, List<SegmentMetadata>> tombstoneSegments,
      Map<Integer, Map<Object, Tombstone>> tombstonesByShard, Map<String, List<Object>> killedKeys,
      Set<Integer> fullyRewritten, Set<Integer> shardsWithRows) {
    Set<String> rewritten = new HashSet<>();
    groups.forEach(g -> g.inputs().forEach(s -> rewritten.add(s.id())));
    Map<Integer, Set<Object>> needed = new HashMap<>();
    for (SegmentMetadata segment : base.liveRows()) {
      List<Object> killed = killedKeys.get(segment.id());
      if (killed != null && !rewritten.contains(segment.id())) {
        needed.computeIfAbsent(segment.shard(), k -> new HashSet<>()).addAll(killed);
      }
    }
    List<TombstoneRewrite> rewrites = new ArrayList<>();
    for (Map.Entry<Integer, List<SegmentMetadata>> shard : tombstoneSegments.entrySet()) {
      int id = shard.getKey();
      if (fullyRewritten.contains(id) || !shardsWithRows.contains(id)) {
        continue; // retired whole
      }
      TombstoneRewrite rewrite = TombstoneRewrite.of(id, shard.getValue(),
          tombstonesByShard.get(id), needed.getOrDefault(id, Set.of()));
      if (rewrite != null) {
        rewrites.add(rewrite);
      }
    }
    return rewrites;
  }

  /** This plan without the tombstones to rewrite (the driver writes those), to ship to tasks. */
  public CompactionPlan forTasks() {
    return new CompactionPlan(base, groups, dropped, retiredTombstones, List.of());
  }

  /** Writes the rewritten tombstone segments; they join the outputs the plan commits. */
  public List<SegmentMetadata> writeTombstoneRewrites(Collection collection) throws IOException {
    SegmentWriter writer = new SegmentWriter(collection);
    List<SegmentMetadata> out = new ArrayList<>();
    for (TombstoneRewrite rewrite : tombstoneRewrites) {
      SegmentMetadata merged = rewrite.write(writer);
      if (merged != null) {
        out.add(merged);
      }
    }
    return out;
  }

  public boolean isEmpty() {
    return groups.isEmpty() && dropped.isEmpty() && retiredTombstones.isEmpty()
        && tombstoneRewrites.isEmpty();
  }

  /**
   * Writes the group's live rows as new SEALED segments of at most {@code targetRows} rows and
   * the default {@link SegmentSize} bytes.
   */
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
    int cut = SegmentSize.ofRows(targetRows).rowsPerSegment(alive);
    for (int i = 0; i < alive.size(); i += cut) {
      out.add(writer.writeRows(group.shard(), group.partition(), from, to,
          alive.subList(i, Math.min(alive.size(), i + cut))));
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
      outputs.addAll(writeTombstoneRewrites(collection));
      return commit(collection, outputs);
    } finally {
      catalog.endBuild(intent);
    }
  }
}
