package io.vectorlake.catalog.schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The schema of a collection in Milvus' terms: one primary key, one or more vector fields, scalar
 * fields, an optional dynamic field and a shard count. Instances are always valid.
 *
 * @param enableDynamicField whether undeclared keys of a row are kept, in the JSON field {@value
 *     #DYNAMIC_FIELD}
 */
public record CollectionSchema(
    List<FieldSchema> fields, boolean enableDynamicField, int shards, String description) {

  /** The hidden JSON field that holds a row's undeclared keys, named as in Milvus. */
  public static final String DYNAMIC_FIELD = "$meta";

  public static final int MAX_FIELDS = 64;
  public static final int MAX_VECTOR_FIELDS = 4;
  public static final int MAX_SHARDS = 16;

  /** The partition every collection has, where ops without a partition go. */
  public static final String DEFAULT_PARTITION = "_default";

  public CollectionSchema {
    fields = List.copyOf(fields);
    description = description == null ? "" : description;
    if (shards < 1 || shards > MAX_SHARDS) {
      throw new InvalidSchemaException(
          "shards must be in [1, " + MAX_SHARDS + "], got " + shards);
    }
    if (fields.size() > MAX_FIELDS) {
      throw new InvalidSchemaException(
          "a collection holds at most " + MAX_FIELDS + " fields, got " + fields.size());
    }
    Set<String> seen = new HashSet<>();
    int primaryKeys = 0;
    int vectors = 0;
    for (FieldSchema field : fields) {
      // Spark resolves column names case-insensitively, so "Title" and "title" would collide there.
      if (!seen.add(field.name().toLowerCase(Locale.ROOT))) {
        throw new InvalidSchemaException(
            "field '" + field.name() + "' is declared twice (names are compared ignoring case)");
      }
      primaryKeys += field.primaryKey() ? 1 : 0;
      vectors += field.type().isVector() ? 1 : 0;
    }
    if (primaryKeys != 1) {
      throw new InvalidSchemaException(
          "a collection needs exactly one primary key field, got " + primaryKeys);
    }
    if (vectors < 1 || vectors > MAX_VECTOR_FIELDS) {
      throw new InvalidSchemaException(
          "a collection needs 1 to " + MAX_VECTOR_FIELDS + " vector fields, got " + vectors);
    }
  }

  public FieldSchema primaryKey() {
    for (FieldSchema field : fields) {
      if (field.primaryKey()) {
        return field;
      }
    }
    throw new IllegalStateException("validated schema has no primary key");
  }

  public List<FieldSchema> vectorFields() {
    return fields.stream().filter(f -> f.type().isVector()).toList();
  }

  public Optional<FieldSchema> field(String name) {
    for (FieldSchema field : fields) {
      if (field.name().equals(name)) {
        return Optional.of(field);
      }
    }
    return Optional.empty();
  }

  /** The named field, or an error that lists the fields there are. */
  public FieldSchema requireField(String name) {
    return field(name)
        .orElseThrow(
            () ->
                new InvalidSchemaException(
                    "unknown field '" + name + "'; the collection has "
                        + fields.stream().map(FieldSchema::name).toList()));
  }

  /** A copy whose fields carry the given ids, in field order. */
  public CollectionSchema withFieldIds(List<Integer> ids) {
    List<FieldSchema> withIds = new ArrayList<>(fields.size());
    for (int i = 0; i < fields.size(); i++) {
      withIds.add(fields.get(i).withId(ids.get(i)));
    }
    return new CollectionSchema(withIds, enableDynamicField, shards, description);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a schema: {@code CollectionSchema.builder().field(...).field(...).build()}. */
  public static final class Builder {
    private final List<FieldSchema> fields = new ArrayList<>();
    private boolean enableDynamicField;
    private int shards = 1;
    private String description = "";

    private Builder() {}

    public Builder field(FieldSchema field) {
      fields.add(field);
      return this;
    }

    public Builder field(FieldSchema.Builder field) {
      return field(field.build());
    }

    public Builder enableDynamicField(boolean value) {
      this.enableDynamicField = value;
      return this;
    }

    public Builder shards(int value) {
      this.shards = value;
      return this;
    }

    public Builder description(String value) {
      this.description = value;
      return this;
    }

    public CollectionSchema build() {
      return new CollectionSchema(fields, enableDynamicField, shards, description);
    }
  }
}
