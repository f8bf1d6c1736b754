package io.vectorlake.catalog.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.index.IndexFile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The merge policy keeps the segments of a shard about logarithmic in its size. Issue 15: segments
 * were cut at 100,000 rows and only those under 10,000 rows were ever merged, so a shard of 10M
 * vectors was 100 graphs searched per query, and a shard fed by frequent small builds of 20,000
 * rows kept one graph per build forever.
 */
class TieredMergePolicyTest {
  private static final long BYTES_PER_ROW = 600;
  private static final TieredMergePolicy POLICY =
      TieredMergePolicy.of(new SegmentSize(1_000_000, 1L << 30), 10_000);
  private int next;

  @Test
  void athousandBuildsStayAFewTiersOfSegments() {
    List<SegmentMetadata> shard = new ArrayList<>();
    long ingested = 0;
    long rewritten = 0;
    for (int build = 0; build < 1_000; build++) {
      shard.add(segment(20_000));
      ingested += 20_000;
      for (List<SegmentMetadata> merge : POLICY.merges(shard)) {
        long rows = 0;
        for (SegmentMetadata s : merge) {
          assertTrue(shard.remove(s), "a merge takes only live segments, once");
          rows += s.rowCount();
        }
        assertTrue(rows <= 1_000_000, "a merge stays under the row limit: " + rows);
        assertTrue(rows * BYTES_PER_ROW <= 1L << 30, "and under the byte limit");
        rewritten += rows;
        shard.add(segment(rows));
      }
      long total = shard.stream().mapToLong(SegmentMetadata::rowCount).sum();
      assertEquals(ingested, total, "merges keep every row");
      long full = shard.stream().filter(s -> s.rowCount() >= 500_000).count();
      // full segments, then at most segmentsPerTier segments in each of the two tiers below
      assertTrue(shard.size() <= full + 2 * 10 + 1,
          "after build " + build + ": " + shard.size() + " segments (" + full + " full)");
    }
    assertTrue(shard.size() <= 50, "20M rows in " + shard.size() + " segments, not 1,000");
    double amplification = (double) rewritten / ingested;
    assertTrue(amplification <= 4, "each row rewritten " + amplification + " times");
  }

  @Test
  void fewSegmentsAndLargeOnesAreLeftAlone() {
    List<SegmentMetadata> few = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      few.add(segment(30_000));
    }
    assertEquals(List.of(), POLICY.merges(few), "nine segments fit one tier");

    List<SegmentMetadata> large = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      large.add(segment(600_000));
    }
    assertEquals(List.of(), POLICY.merges(large), "segments past half the limit never merge");
  }

  @Test
  void mergesAreDisjointAndOfEvenSizes() {
    List<SegmentMetadata> shard = new ArrayList<>();
    shard.add(segment(400_000));
    for (int i = 0; i < 25; i++) {
      shard.add(segment(15_000 + i));
    }
    List<List<SegmentMetadata>> merges = POLICY.merges(shard);
    assertTrue(!merges.isEmpty(), "26 segments are over budget");
    Set<String> seen = new HashSet<>();
    for (List<SegmentMetadata> merge : merges) {
      assertTrue(merge.size() >= 2 && merge.size() <= 10);
      for (SegmentMetadata s : merge) {
        assertTrue(seen.add(s.id()), "a segment is in one merge at most");
        assertTrue(s.rowCount() < 400_000, "the large segment is not merged with small ones");
      }
    }
  }

  private SegmentMetadata segment(long rows) {
    return new SegmentMetadata("s" + next++, SegmentKind.ROWS, SegmentState.INDEXED, 0,
        "_default", 0, 0, rows, "file:/segments/s" + next,
        new IndexFile("rows.parquet", rows * BYTES_PER_ROW, 0), null, List.of(), 0, "{}", 0);
  }
}
