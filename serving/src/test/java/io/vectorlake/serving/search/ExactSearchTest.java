package io.vectorlake.serving.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.schema.Row;
import io.vectorlake.catalog.view.ResolvedRow;
import io.vectorlake.catalog.warehouse.PartitionSet;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ExactSearchTest {
  private static final PartitionSet PARTITIONS =
      new PartitionSet(Map.of(CollectionSchema.DEFAULT_PARTITION, 0L));
  private static final int DIM = 13; // not a multiple of 4: exercises the loops' tails

  private static CollectionSchema schema(MetricType metric) {
    return CollectionSchema.builder()
        .field(FieldSchema.primaryKey("id", DataType.INT64))
        .field(FieldSchema.floatVector("v", DIM, metric))
        .build();
  }

  private static List<ResolvedRow> rows(int n, Random random) {
    List<ResolvedRow> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] v = new float[DIM];
      for (int j = 0; j < DIM; j++) {
        v[j] = (float) random.nextGaussian();
      }
      rows.add(new ResolvedRow((long) i, "_default", 1, i,
          Row.ofCanonical(Map.of("id", (long) i, "v", v))));
    }
    return rows;
  }

  private static double score(MetricType metric, float[] q, float[] v) {
    double dot = 0;
    double l2 = 0;
    double qq = 0;
    double vv = 0;
    for (int i = 0; i < q.length; i++) {
      dot += q[i] * v[i];
      l2 += (q[i] - v[i]) * (q[i] - v[i]);
      qq += q[i] * q[i];
      vv += v[i] * v[i];
    }
    return switch (metric) {
      case L2 -> l2;
      case IP -> dot;
      case COSINE -> dot / Math.sqrt(qq * vv);
    };
  }

  @Test
  void topKMatchesSortingEveryScoreForEachMetric() {
    Random random = new Random(7);
    // More rows than one chunk, so the parallel path and the merge run.
    List<ResolvedRow> rows = rows(GrowingSegment.CHUNK * 2 + 123, random);
    ForkJoinPool pool = new ForkJoinPool(2);
    try {
      for (MetricType metric : MetricType.values()) {
        GrowingSegment segment = GrowingRows.of(schema(metric), PARTITIONS, rows);
        float[][] queries = {rows.get(5).row().vector("v"), rows(1, random).get(0).row().vector("v")};
        TopK[] top = segment.search(new VectorSearch("v", metric, queries, 10), null, 0, pool);
        for (int q = 0; q < queries.length; q++) {
          float[] q0 = queries[q];
          Comparator<Integer> closer = Comparator.comparingDouble(
              i -> metric.largerIsCloser() ? -score(metric, q0, rows.get(i).row().vector("v"))
                  : score(metric, q0, rows.get(i).row().vector("v")));
          int[] expected = IntStream.range(0, rows.size()).boxed().sorted(closer).limit(10)
              .mapToInt(Integer::intValue).toArray();
          float[] scores = new float[top[q].size()];
          long[] refs = top[q].sorted(scores);
          int[] actual = new int[refs.length];
          for (int i = 0; i < refs.length; i++) {
            actual[i] = TopK.ordinal(refs[i]);
            assertEquals(score(metric, q0, rows.get(actual[i]).row().vector("v")),
                ScoreConvention.fromRanked(metric, scores[i]), 1e-3, metric + " score");
          }
          assertArrayEquals(expected, actual, metric + " query " + q);
        }
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void acceptedRowsRestrictTheSearch() {
    List<ResolvedRow> rows = rows(100, new Random(3));
    GrowingSegment segment = GrowingRows.of(schema(MetricType.L2), PARTITIONS, rows);
    BitSet even = new BitSet();
    for (int i = 0; i < 100; i += 2) {
      even.set(i);
    }
    TopK[] top = segment.search(new VectorSearch("v", MetricType.L2,
        new float[][] {rows.get(3).row().vector("v")}, 100), even, 0, null);
    assertEquals(50, top[0].size());
    long[] refs = top[0].sorted(new float[50]);
    for (long ref : refs) {
      assertEquals(0, TopK.ordinal(ref) % 2);
    }
  }

  @Test
  void topKKeepsTheBestAndBreaksTiesByReference() {
    TopK top = new TopK(3);
    float[] scores = {0.5f, 0.9f, 0.1f, 0.9f, 0.7f};
    for (int i = 0; i < scores.length; i++) {
      top.offer(scores[i], TopK.ref(1, i));
    }
    float[] kept = new float[3];
    long[] refs = top.sorted(kept);
    assertArrayEquals(new float[] {0.9f, 0.9f, 0.7f}, kept);
    assertEquals(List.of(1, 3, 4), List.of(TopK.ordinal(refs[0]), TopK.ordinal(refs[1]),
        TopK.ordinal(refs[2])));
    assertEquals(1, TopK.segment(refs[0]));
  }
}
