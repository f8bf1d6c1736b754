package io.vectorlake.serving.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.schema.Row;
import io.vectorlake.catalog.view.ResolvedRow;
import io.vectorlake.catalog.warehouse.PartitionSet;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GrowingRowsTest {
  private static final CollectionSchema SCHEMA = CollectionSchema.builder()
      .field(FieldSchema.primaryKey("id", DataType.INT64))
      .field(FieldSchema.floatVector("v", 2, MetricType.L2))
      .field(FieldSchema.builder("n", DataType.INT64))
      .build();
  private static final PartitionSet BOTH = new PartitionSet(Map.of("_default", 0L, "p", 0L));

  private static ResolvedRow row(long key, String partition, long position, long n) {
    return new ResolvedRow(key, partition, position, 0,
        Row.ofCanonical(Map.of("id", key, "v", new float[] {key, n}, "n", n)));
  }

  private static Set<Object> liveKeys(GrowingSegment segment) {
    Set<Object> keys = new HashSet<>();
    BitSet live = segment.live();
    for (int i = live.nextSetBit(0); i >= 0; i = live.nextSetBit(i + 1)) {
      assertTrue(keys.add(segment.row(i).primaryKey()), "a key is live twice");
    }
    return keys;
  }

  @Test
  void randomChangesMatchAModelAcrossChunksRepacksAndPartitionDrops() {
    Random random = new Random(11);
    GrowingRows growing = new GrowingRows(SCHEMA, BOTH);
    Map<Object, ResolvedRow> model = new HashMap<>();
    PartitionSet partitions = BOTH;
    GrowingSegment previous = growing.snapshot();
    Set<Object> previousKeys = liveKeys(previous);
    for (int step = 1; step <= 40; step++) {
      for (int op = 0; op < 700; op++) {
        long key = random.nextInt(6000);
        if (random.nextInt(5) == 0) {
          model.remove(key);
          growing.update(key, null);
        } else {
          String partition = partitions.contains("p") && random.nextBoolean() ? "p" : "_default";
          ResolvedRow now = row(key, partition, step, random.nextInt(100));
          model.put(key, now);
          growing.update(key, now);
        }
      }
      if (step == 25) {
        partitions = new PartitionSet(Map.of("_default", 0L));
        growing.partitions(partitions);
        model.values().removeIf(r -> r.partition().equals("p"));
      }
      GrowingSegment segment = growing.snapshot();
      assertEquals(model.keySet(), liveKeys(segment), "step " + step);
      assertEquals(model.size(), segment.liveCount());
      for (int i = segment.live().nextSetBit(0); i >= 0; i = segment.live().nextSetBit(i + 1)) {
        assertTrue(model.get(segment.row(i).primaryKey()) == segment.row(i));
      }
      // An older snapshot never changes under later updates.
      assertEquals(previousKeys, liveKeys(previous));
      previous = segment;
      previousKeys = liveKeys(segment);
    }
  }

  @Test
  void filtersAndSearchSeeOnlyLiveRows() {
    GrowingRows growing = new GrowingRows(SCHEMA, BOTH);
    for (long k = 0; k < 10; k++) {
      growing.update(k, row(k, "_default", 1, k));
    }
    growing.update(3L, row(3, "_default", 2, 30)); // upsert: n 3 -> 30
    growing.update(4L, null); // delete
    GrowingSegment segment = growing.snapshot();
    var filter = RowFilter.parse("n >= 4", SCHEMA, Map.of());
    RowSelection selection = new RowSelection(Set.of(), filter);
    BitSet accepted = selection.accepted(segment);
    Set<Object> keys = new HashSet<>();
    for (int i = accepted.nextSetBit(0); i >= 0; i = accepted.nextSetBit(i + 1)) {
      keys.add(segment.row(i).primaryKey());
    }
    assertEquals(Set.of(3L, 5L, 6L, 7L, 8L, 9L), keys);
    TopK[] top = segment.search(new VectorSearch("v", MetricType.L2,
        new float[][] {{4, 4}}, 3), null, 0, null);
    float[] scores = new float[3];
    long[] refs = top[0].sorted(scores);
    assertEquals(5L, segment.row(TopK.ordinal(refs[0])).primaryKey());
    assertEquals(3, refs.length);
    for (long ref : refs) {
      assertTrue(!segment.row(TopK.ordinal(ref)).primaryKey().equals(4L));
    }
  }
}
