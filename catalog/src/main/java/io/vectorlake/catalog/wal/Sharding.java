package io.vectorlake.catalog.wal;

import org.apache.iceberg.util.BucketUtil;

/**
 * Which shard a primary key belongs to: Iceberg's bucket function of the key modulo the shard
 * count, so every op of a key lands in one shard and any engine can compute it (it equals Iceberg's
 * {@code bucket(shards, pk)} transform).
 */
public final class Sharding {
  private Sharding() {}

  public static int shardOf(Object primaryKey, int shards) {
    int hash =
        primaryKey instanceof Long key
            ? BucketUtil.hash(key)
            : BucketUtil.hash((CharSequence) primaryKey);
    return (hash & Integer.MAX_VALUE) % shards;
  }
}
