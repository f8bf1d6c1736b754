package io.vectorlake.catalog.warehouse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.InvalidSchemaException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A collection's partitions, each with the WAL position at which it was created. A row is visible
 * only while its partition exists and was written after that position: dropping a partition hides
 * its rows, and a partition created again under the same name starts empty.
 */
public record PartitionSet(Map<String, Long> createdAt) implements java.io.Serializable {
  public static final int MAX_PARTITIONS = 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  public PartitionSet {
    createdAt = Map.copyOf(createdAt);
  }

  static PartitionSet initial() {
    return new PartitionSet(Map.of(CollectionSchema.DEFAULT_PARTITION, 0L));
  }

  public boolean contains(String partition) {
    return createdAt.containsKey(partition);
  }

  /** Whether a row of {@code partition} written at {@code position} belongs to the live partition. */
  public boolean isVisible(String partition, long position) {
    Long created = createdAt.get(partition);
    return created != null && position > created;
  }

  /** Partition names, the default partition first, the rest in creation order. */
  public List<String> names() {
    return createdAt.entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue()
                .thenComparing(e -> !e.getKey().equals(CollectionSchema.DEFAULT_PARTITION))
                .thenComparing(Map.Entry.comparingByKey()))
        .map(Map.Entry::getKey)
        .toList();
  }

  PartitionSet with(String partition, long position) {
    CollectionId.checkName("partition", partition);
    if (contains(partition)) {
      throw new InvalidSchemaException("partition '" + partition + "' already exists");
    }
    if (createdAt.size() >= MAX_PARTITIONS) {
      throw new InvalidSchemaException(
          "a collection holds at most " + MAX_PARTITIONS + " partitions");
    }
    Map<String, Long> next = new LinkedHashMap<>(createdAt);
    next.put(partition, position);
    return new PartitionSet(next);
  }

  PartitionSet without(String partition) {
    if (partition.equals(CollectionSchema.DEFAULT_PARTITION)) {
      throw new InvalidSchemaException("the default partition '_default' cannot be dropped");
    }
    if (!contains(partition)) {
      throw new InvalidSchemaException("partition '" + partition + "' does not exist");
    }
    Map<String, Long> next = new LinkedHashMap<>(createdAt);
    next.remove(partition);
    return new PartitionSet(next);
  }

  String toJson() {
    try {
      return JSON.writeValueAsString(new java.util.TreeMap<>(createdAt));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static PartitionSet fromJson(String json) {
    try {
      return new PartitionSet(JSON.readValue(json, new TypeReference<Map<String, Long>>() {}));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt partition list in table properties: " + json, e);
    }
  }
}
