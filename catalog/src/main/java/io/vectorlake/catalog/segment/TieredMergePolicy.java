package io.vectorlake.catalog.segment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses which rows segments of one shard and partition compaction merges, so that a query
 * visits about log(size) graphs rather than one per build. Modelled on Lucene's
 * TieredMergePolicy: segments are sized (rows, and bytes of their rows file), segments under a
 * floor count as floor-sized, and the shard may hold {@code segmentsPerTier} segments per tier of
 * sizes growing by {@code mergeFactor}; while it holds more, the policy merges the {@code
 * mergeFactor} (or fewer) segments of most even size whose sum stays under the segment limits.
 * Segments already at half the limits are left alone: merging them would only rewrite them.
 */
public record TieredMergePolicy(
    long maxSegmentRows, long maxSegmentBytes, long floorRows, int segmentsPerTier,
    int mergeFactor) {

  public TieredMergePolicy {
    if (maxSegmentRows < 1 || maxSegmentBytes < 1 || floorRows < 1) {
      throw new IllegalArgumentException("segment limits must be positive");
    }
    if (segmentsPerTier < 2 || mergeFactor < 2) {
      throw new IllegalArgumentException("segmentsPerTier and mergeFactor must be at least 2");
    }
  }

  /** Lucene's defaults (10 per tier, merge 10 at once) under the limits segments are cut at. */
  public static TieredMergePolicy of(SegmentSize limits, long floorRows) {
    return new TieredMergePolicy(limits.maxRows(), limits.maxBytes(), floorRows, 10, 10);
  }

  /** The merges to run now: disjoint groups of two or more of {@code segments}. */
  public List<List<SegmentMetadata>> merges(List<SegmentMetadata> segments) {
    List<SegmentMetadata> eligible = new ArrayList<>();
    for (SegmentMetadata s : segments) {
      if (s.rowCount() < maxSegmentRows / 2 && bytes(s) < maxSegmentBytes / 2) {
        eligible.add(s);
      }
    }
    eligible.sort(Comparator.comparingLong(this::size).reversed());
    List<List<SegmentMetadata>> merges = new ArrayList<>();
    while (eligible.size() > allowedSegments(eligible)) {
      List<SegmentMetadata> best = bestMerge(eligible);
      if (best == null) {
        break;
      }
      merges.add(best);
      eligible.removeAll(best);
    }
    return merges;
  }

  /** How many segments of these sizes a shard may hold: segmentsPerTier per tier. */
  private long allowedSegments(List<SegmentMetadata> segments) {
    long total = 0;
    long smallest = Long.MAX_VALUE;
    for (SegmentMetadata s : segments) {
      total += size(s);
      smallest = Math.min(smallest, size(s));
    }
    long tierSize = Math.max(smallest, floorRows);
    long allowed = 0;
    while (total > 0) {
      long inTier = (total + tierSize - 1) / tierSize;
      if (inTier < segmentsPerTier) {
        return allowed + inTier;
      }
      allowed += segmentsPerTier;
      total -= segmentsPerTier * tierSize;
      tierSize *= mergeFactor;
    }
    return Math.max(allowed, 1);
  }

  /**
   * Of the runs of up to {@code mergeFactor} consecutive segments (largest first) that fit the
   * limits, the one whose largest member is the smallest share of it (the most even merge,
   * Lucene's skew), preferring more segments at equal skew; null when no two fit together.
   */
  private List<SegmentMetadata> bestMerge(List<SegmentMetadata> bySizeDescending) {
    List<SegmentMetadata> best = null;
    double bestSkew = Double.MAX_VALUE;
    for (int start = 0; start < bySizeDescending.size(); start++) {
      List<SegmentMetadata> run = new ArrayList<>();
      long rows = 0;
      long bytes = 0;
      long sized = 0;
      for (int i = start; i < bySizeDescending.size() && run.size() < mergeFactor; i++) {
        SegmentMetadata s = bySizeDescending.get(i);
        if (rows + s.rowCount() > maxSegmentRows || bytes + bytes(s) > maxSegmentBytes) {
          continue;
        }
        run.add(s);
        rows += s.rowCount();
        bytes += bytes(s);
        sized += size(s);
      }
      if (run.size() < 2) {
        continue;
      }
      double skew = (double) size(run.get(0)) / sized - run.size() * 1e-9;
      if (skew < bestSkew) {
        bestSkew = skew;
        best = run;
      }
    }
    return best;
  }

  /** A segment's size for tiering: its rows, at least the floor. */
  private long size(SegmentMetadata s) {
    return Math.max(s.rowCount(), floorRows);
  }

  private static long bytes(SegmentMetadata s) {
    return s.rows() == null ? 0 : s.rows().size();
  }
}
