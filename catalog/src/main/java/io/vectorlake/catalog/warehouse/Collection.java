package io.vectorlake.catalog.warehouse;

import io.vectorlake.catalog.index.IndexSpec;
import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.InvalidSchemaException;
import io.vectorlake.catalog.schema.SchemaJson;
import io.vectorlake.catalog.segment.SegmentCatalog;
import io.vectorlake.catalog.segment.SegmentSet;
import io.vectorlake.catalog.wal.WalLayout;
import io.vectorlake.catalog.wal.WalReader;
import io.vectorlake.catalog.wal.WalWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;

/**
 * A collection in a warehouse: its schema, partitions and WAL table. Cheap to hold; the schema is
 * read once, the partitions and the WAL position are read fresh from the table when asked.
 */
public final class Collection {
  private final CollectionId id;
  private final Table table;
  private final Catalog catalog;
  private volatile WalLayout layout;
  private volatile SegmentCatalog segments; // cached once the segment catalog exists

  Collection(CollectionId id, Table table, Catalog catalog) {
    this.id = id;
    this.table = table;
    this.catalog = catalog;
    this.layout = new WalLayout(readSchema(id, table), table.schema());
  }

  static CollectionSchema readSchema(CollectionId id, Table table) {
    String json = table.properties().get(CollectionProperties.SCHEMA);
    if (json == null) {
      throw new IllegalArgumentException(
          "table '" + id + "' is an Iceberg table but not a Vectorlake collection (no "
              + CollectionProperties.SCHEMA + " property)");
    }
    int format =
        Integer.parseInt(table.properties().getOrDefault(CollectionProperties.FORMAT_VERSION, "1"));
    if (format > CollectionProperties.CURRENT_FORMAT_VERSION) {
      throw new IllegalStateException(
          "collection '" + id + "' has layout version " + format + "; this Vectorlake reads up to "
              + CollectionProperties.CURRENT_FORMAT_VERSION + ": upgrade Vectorlake");
    }
    return SchemaJson.fromJson(json);
  }

  public CollectionId id() {
    return id;
  }

  /** The schema, with each field's id set to its WAL column id. */
  public CollectionSchema schema() {
    return layout.collectionWithFieldIds();
  }

  public WalLayout walLayout() {
    return layout;
  }

  /** The Iceberg table that holds the WAL; readable by any Iceberg engine. */
  public Table walTable() {
    return table;
  }

  public String description() {
    return layout.collection().description();
  }

  /**
   * The index spec of a vector field: the one recorded by {@link #setIndexSpec} (Milvus'
   * CreateIndex), else the defaults for the field's metric.
   */
  public IndexSpec indexSpec(String vectorField) {
    FieldSchema field = layout.collection().requireField(vectorField);
    if (!field.type().isVector()) {
      throw new InvalidSchemaException("field '" + vectorField + "' is not a vector field");
    }
    table.refresh();
    String json = table.properties().get(CollectionProperties.INDEX_PREFIX + vectorField);
    return json == null ? IndexSpec.defaults(field.metric()) : IndexSpec.fromJson(json);
  }

  /** Whether an index spec was recorded for the field (by Milvus' CreateIndex). */
  public boolean hasIndexSpec(String vectorField) {
    table.refresh();
    return table.properties().containsKey(CollectionProperties.INDEX_PREFIX + vectorField);
  }

  /**
   * Records how the index builder indexes a vector field. The spec's metric becomes the field's
   * metric, as Milvus sets the metric with the index.
   */
  public void setIndexSpec(String vectorField, IndexSpec spec) {
    FieldSchema field = layout.collection().requireField(vectorField);
    if (!field.type().isVector()) {
      throw new InvalidSchemaException("field '" + vectorField + "' is not a vector field");
    }
    TablePropertiesUpdate.apply(table, props -> {
      Map<String, String> next = new HashMap<>(props);
      next.put(CollectionProperties.INDEX_PREFIX + vectorField, spec.toJson());
      CollectionSchema current = SchemaJson.fromJson(props.get(CollectionProperties.SCHEMA));
      java.util.List<FieldSchema> fields = new java.util.ArrayList<>();
      for (FieldSchema f : current.fields()) {
        fields.add(f.name().equals(vectorField) ? f.withMetric(spec.metric()) : f);
      }
      next.put(CollectionProperties.SCHEMA, SchemaJson.toJson(new CollectionSchema(
          fields, current.enableDynamicField(), current.shards(), current.description())));
      return next;
    });
    layout = new WalLayout(readSchema(id, table), table.schema());
  }

  /** Forgets a field's index spec; the builder goes back to the defaults. */
  public void dropIndexSpec(String vectorField) {
    TablePropertiesUpdate.apply(table, props -> {
      Map<String, String> next = new HashMap<>(props);
      next.remove(CollectionProperties.INDEX_PREFIX + vectorField);
      return next;
    });
  }

  /**
   * The id of the segment catalog's newest version, or -1 before the first build: a cheap check
   * (one metadata refresh) for readers that reload only when it changes.
   */
  public long segmentCatalogVersion() {
    SegmentCatalog existing = segments;
    if (existing == null) {
      if (!catalog.tableExists(SegmentCatalog.identifier(id.tableIdentifier()))) {
        return -1;
      }
      existing = SegmentCatalog.open(catalog, id.tableIdentifier());
      segments = existing;
    }
    existing.table().refresh();
    Snapshot current = existing.table().currentSnapshot();
    return current == null ? -1 : current.snapshotId();
  }

  /** The segments a reader at {@code walPosition} sees (none before the first build). */
  public SegmentSet segmentsAt(long walPosition) {
    return SegmentCatalog.readAt(catalog, id.tableIdentifier(), walPosition);
  }

  /** The collection's segment catalog, for jobs that change it (created empty on first use). */
  public SegmentCatalog segmentCatalog() {
    return SegmentCatalog.open(catalog, id.tableIdentifier());
  }

  public WalWriter walWriter() {
    return new WalWriter(table, layout, this::hasPartitionFresh, this::allocateKeys);
  }

  public WalReader walReader() {
    return new WalReader(table, layout);
  }

  /** The newest committed WAL position (0 while the WAL is empty). */
  public long walPosition() {
    return walReader().position();
  }

  /** The newest committed WAL snapshot, or null while the WAL is empty. */
  public Snapshot walSnapshot() {
    table.refresh();
    return table.currentSnapshot();
  }

  public PartitionSet partitions() {
    table.refresh();
    return partitionsOf(table.properties());
  }

  public List<String> partitionNames() {
    return partitions().names();
  }

  public boolean hasPartition(String name) {
    return partitions().contains(name);
  }

  public void createPartition(String name) {
    TablePropertiesUpdate.apply(
        table,
        props -> {
          long position = table.currentSnapshot() == null ? 0 : table.currentSnapshot().sequenceNumber();
          return withPartitions(props, partitionsOf(props).with(name, position));
        });
  }

  public void dropPartition(String name) {
    TablePropertiesUpdate.apply(
        table, props -> withPartitions(props, partitionsOf(props).without(name)));
  }

  private boolean hasPartitionFresh(String name) {
    return partitionsOf(table.properties()).contains(name) || partitions().contains(name);
  }

  private long allocateKeys(int count) {
    long[] first = new long[1];
    TablePropertiesUpdate.apply(
        table,
        props -> {
          Map<String, String> next = new HashMap<>(props);
          first[0] = Long.parseLong(props.getOrDefault(CollectionProperties.NEXT_AUTO_ID, "1"));
          next.put(CollectionProperties.NEXT_AUTO_ID, Long.toString(Math.addExact(first[0], count)));
          return next;
        });
    return first[0];
  }

  private static PartitionSet partitionsOf(Map<String, String> props) {
    String json = props.get(CollectionProperties.PARTITIONS);
    return json == null ? PartitionSet.initial() : PartitionSet.fromJson(json);
  }

  private static Map<String, String> withPartitions(Map<String, String> props, PartitionSet set) {
    Map<String, String> next = new HashMap<>(props);
    next.put(CollectionProperties.PARTITIONS, set.toJson());
    return next;
  }

  @Override
  public String toString() {
    return "Collection[" + id + "]";
  }
}
