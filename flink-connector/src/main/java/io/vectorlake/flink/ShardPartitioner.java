package io.vectorlake.flink;

import org.apache.flink.api.common.functions.Partitioner;

/**
 * Sends each shard to one writer subtask ({@code shard mod parallelism}), so every op of a key
 * reaches the same writer in stream order; ops without a shard go round-robin. A plain
 * {@code keyBy(shard)} would hash a handful of shard numbers into key groups and could leave
 * writers idle while others take two shards.
 */
final class ShardPartitioner implements Partitioner<Integer> {
  private int next;

  @Override
  public int partition(Integer shard, int writers) {
    if (shard == ShardSelector.ANY_SHARD) {
      next = (next + 1) % writers;
      return next;
    }
    return shard % writers;
  }
}
