package io.vectorlake.examples.soak;

import io.vectorlake.catalog.maintenance.Maintenance;
import io.vectorlake.catalog.maintenance.RetentionPolicy;
import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.time.Duration;

/** The soak's collection: a key, a small vector and the version of the op that wrote the row. */
public final class SoakCollection {
  public static final String DEFAULT_PARTITION = CollectionSchema.DEFAULT_PARTITION;
  public static final String SECOND_PARTITION = "p1";
  public static final String KEY = "id";
  public static final String VECTOR = "vector";
  public static final String VERSION = "version";
  static final int SHARDS = 2;

  private SoakCollection() {}

  /**
   * Drops what a previous run left and creates the collection with both partitions, keeping its
   * history for {@code history}: the time-travel window outlasts the run, so the end-of-run
   * exactly-once check can still read the WAL from its start, while expiry of older snapshots
   * (by builds and maintain), orphan and sealed-file removal still run against every other tier.
   * The orphan grace outlasts a Flink restore here.
   */
  public static Collection recreate(Warehouse warehouse, CollectionId id, Duration history) {
    warehouse.dropCollection(id);
    Collection collection = warehouse.createCollection(id, CollectionSchema.builder()
        .field(FieldSchema.primaryKey(KEY, DataType.INT64))
        .field(FieldSchema.floatVector(VECTOR, FlinkOps.DIMENSION, MetricType.L2))
        .field(FieldSchema.builder(VERSION, DataType.INT64))
        .shards(SHARDS)
        .build());
    collection.createPartition(SECOND_PARTITION);
    Maintenance.setPolicy(collection, RetentionPolicy.DEFAULTS.withMaxAge(history)
        .withOrphanGrace(Duration.ofMinutes(10)));
    return collection;
  }
}
