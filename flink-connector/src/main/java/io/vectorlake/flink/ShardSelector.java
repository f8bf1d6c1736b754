package io.vectorlake.flink;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.RowValidator;
import io.vectorlake.catalog.schema.SchemaJson;
import io.vectorlake.catalog.wal.Sharding;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * The shard of an element's primary key, the routing key in front of the writers; {@value
 * #ANY_SHARD} for elements without a usable key (auto-id inserts, and rows the writer will reject
 * with a clear message anyway).
 */
final class ShardSelector<IN> implements KeySelector<IN, Integer> {
  static final int ANY_SHARD = -1;

  private final String schemaJson;
  private final VectorlakeRecordConverter<IN> converter;
  private transient RowValidator validator;
  private transient String primaryKeyField;
  private transient int shards;

  ShardSelector(String schemaJson, VectorlakeRecordConverter<IN> converter) {
    this.schemaJson = schemaJson;
    this.converter = converter;
  }

  @Override
  public Integer getKey(IN element) {
    if (validator == null) {
      CollectionSchema schema = SchemaJson.fromJson(schemaJson);
      validator = new RowValidator(schema);
      primaryKeyField = schema.primaryKey().name();
      shards = schema.shards();
    }
    Object raw = converter.rawPrimaryKey(element, primaryKeyField);
    if (raw == null) {
      return ANY_SHARD;
    }
    try {
      return Sharding.shardOf(validator.primaryKey(raw), shards);
    } catch (IllegalArgumentException e) {
      return ANY_SHARD;
    }
  }
}
