package io.vectorlake.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShardPartitionerTest {
  @Test
  void eachShardGoesToOneWriterAndShardsSpreadEvenly() {
    ShardPartitioner partitioner = new ShardPartitioner();
    for (int shard = 0; shard < 8; shard++) {
      int writer = partitioner.partition(shard, 4);
      assertEquals(shard % 4, writer);
      assertEquals(writer, partitioner.partition(shard, 4), "same shard, same writer");
    }
  }

  @Test
  void opsWithoutShardGoRoundRobin() {
    ShardPartitioner partitioner = new ShardPartitioner();
    Set<Integer> writers = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      writers.add(partitioner.partition(ShardSelector.ANY_SHARD, 3));
    }
    assertEquals(Set.of(0, 1, 2), writers);
  }
}
