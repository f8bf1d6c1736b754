package io.vectorlake.catalog.warehouse;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.SchemaJson;
import io.vectorlake.catalog.segment.SegmentCatalog;
import io.vectorlake.catalog.wal.WalLayout;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Vectorlake warehouse: an Iceberg catalog whose tables are collections. Open it from the
 * standard Iceberg catalog properties; with neither {@code type} nor {@code catalog-impl} it is a
 * Hadoop catalog on the {@code warehouse} directory (the embedded default). Properties starting
 * with {@value #HADOOP_PREFIX} go to the Hadoop configuration without the prefix.
 */
public final class Warehouse implements AutoCloseable {
  public static final String HADOOP_PREFIX = "hadoop.";
  public static final String CATALOG_NAME = "vectorlake";

  private static final Logger LOG = LoggerFactory.getLogger(Warehouse.class);

  private final Catalog catalog;
  private final Map<String, String> properties;

  private Warehouse(Catalog catalog, Map<String, String> properties) {
    this.catalog = catalog;
    this.properties = Map.copyOf(properties);
  }

  /** The embedded default: a Hadoop catalog on a local directory. */
  public static Warehouse local(Path directory) {
    return open(Map.of(CatalogProperties.WAREHOUSE_LOCATION, directory.toAbsolutePath().toString()));
  }

  public static Warehouse open(Map<String, String> properties) {
    Map<String, String> catalogProps = new HashMap<>();
    Configuration hadoopConf = new Configuration();
    properties.forEach(
        (key, value) -> {
          if (key.startsWith(HADOOP_PREFIX)) {
            hadoopConf.set(key.substring(HADOOP_PREFIX.length()), value);
          } else {
            catalogProps.put(key, value);
          }
        });
    if (!catalogProps.containsKey(CatalogUtil.ICEBERG_CATALOG_TYPE)
        && !catalogProps.containsKey(CatalogProperties.CATALOG_IMPL)) {
      catalogProps.put(CatalogUtil.ICEBERG_CATALOG_TYPE, CatalogUtil.ICEBERG_CATALOG_TYPE_HADOOP);
    }
    String type = catalogProps.get(CatalogUtil.ICEBERG_CATALOG_TYPE);
    String location = catalogProps.get(CatalogProperties.WAREHOUSE_LOCATION);
    if (CatalogUtil.ICEBERG_CATALOG_TYPE_HADOOP.equals(type)) {
      if (location == null || location.isBlank()) {
        throw new IllegalArgumentException(
            "the embedded (Hadoop) catalog needs a 'warehouse' property: a directory to keep"
                + " collections in");
      }
      if (!location.contains("://") && !location.startsWith("file:")) {
        location = Path.of(location).toAbsolutePath().normalize().toString();
        catalogProps.put(CatalogProperties.WAREHOUSE_LOCATION, location);
      }
      if (location.startsWith("s3")) {
        LOG.warn(
            "a Hadoop catalog on object storage ({}) cannot commit atomically; use a JDBC, REST,"
                + " Nessie, Hive or Glue catalog there",
            location);
      }
    }
    Catalog catalog = CatalogUtil.buildIcebergCatalog(CATALOG_NAME, catalogProps, hadoopConf);
    LOG.debug("opened warehouse {} ({})", location, catalog.getClass().getSimpleName());
    return new Warehouse(catalog, catalogProps);
  }

  /** The Iceberg catalog behind the warehouse, for engines that read the tables directly. */
  public Catalog icebergCatalog() {
    return catalog;
  }

  /** The catalog properties this warehouse was opened with (after defaults were filled in). */
  public Map<String, String> properties() {
    return properties;
  }

  public Collection createCollection(CollectionId id, CollectionSchema schema) {
    ensureDatabase(id.database());
    Map<String, String> props = new HashMap<>();
    props.put(TableProperties.FORMAT_VERSION, "2");
    props.put(CollectionProperties.FORMAT_VERSION,
        Integer.toString(CollectionProperties.CURRENT_FORMAT_VERSION));
    props.put(CollectionProperties.SCHEMA, SchemaJson.toJson(schema));
    props.put(CollectionProperties.PARTITIONS, PartitionSet.initial().toJson());
    props.put(CollectionProperties.NEXT_AUTO_ID, "1");
    // Many writers append small commits concurrently (group commit, Flink subtasks): retry more
    // but never wait long between tries (Iceberg's backoff grows to a minute by default, which
    // became the p99 of contended commits), and keep the metadata history bounded.
    props.put(TableProperties.COMMIT_NUM_RETRIES, "20");
    props.put(TableProperties.COMMIT_MAX_RETRY_WAIT_MS, "1000");
    props.put(TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true");
    props.put(TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "100");
    if (!schema.description().isEmpty()) {
      props.put("comment", schema.description());
    }
    WalLayout layout = new WalLayout(schema);
    try {
      Table table = ReloadingTableOperations.wrap(catalog, id.tableIdentifier(),
          catalog
              .buildTable(id.tableIdentifier(), layout.schema())
              .withPartitionSpec(layout.spec())
              .withProperties(props)
              .create());
      LOG.info("created collection {} with {} fields, {} shards", id, schema.fields().size(),
          schema.shards());
      return new Collection(id, table, catalog);
    } catch (AlreadyExistsException e) {
      throw new CollectionExistsException(id);
    }
  }

  public Collection loadCollection(CollectionId id) {
    try {
      return new Collection(
          id, ReloadingTableOperations.loadTable(catalog, id.tableIdentifier()), catalog);
    } catch (NoSuchTableException | NoSuchNamespaceException e) {
      throw new NoSuchCollectionException(id);
    }
  }

  public boolean hasCollection(CollectionId id) {
    return catalog.tableExists(id.tableIdentifier());
  }

  /** Drops the collection and deletes its files. Returns false if it did not exist. */
  public boolean dropCollection(CollectionId id) {
    catalog.dropTable(SegmentCatalog.identifier(id.tableIdentifier()), true);
    boolean dropped = catalog.dropTable(id.tableIdentifier(), true);
    if (dropped) {
      LOG.info("dropped collection {}", id);
    }
    return dropped;
  }

  /** The collections of one database, sorted by name. */
  public List<CollectionId> listCollections(String database) {
    CollectionId.checkName("database", database);
    List<CollectionId> ids = new ArrayList<>();
    try {
      for (TableIdentifier table : catalog.listTables(Namespace.of(database))) {
        if (!table.name().endsWith(SegmentCatalog.TABLE_SUFFIX)) {
          ids.add(CollectionId.of(table));
        }
      }
    } catch (NoSuchNamespaceException e) {
      if (!database.equals(CollectionId.DEFAULT_DATABASE)) {
        throw new IllegalArgumentException("database '" + database + "' does not exist");
      }
    }
    ids.sort(java.util.Comparator.comparing(CollectionId::name));
    return ids;
  }

  /** Databases (Iceberg namespaces); the default database is always listed, as in Milvus. */
  public List<String> listDatabases() {
    List<String> names = new ArrayList<>();
    names.add(CollectionId.DEFAULT_DATABASE);
    for (Namespace ns : namespaces().listNamespaces(Namespace.empty())) {
      String name = String.join(".", ns.levels());
      if (!names.contains(name)) {
        names.add(name);
      }
    }
    return names;
  }

  public void createDatabase(String name) {
    CollectionId.checkName("database", name);
    try {
      namespaces().createNamespace(Namespace.of(name));
    } catch (AlreadyExistsException e) {
      throw new IllegalArgumentException("database '" + name + "' already exists");
    }
  }

  /** Drops an empty database; fails while it still holds collections. */
  public void dropDatabase(String name) {
    // The name becomes a directory or a namespace key: "../x" must not reach past the warehouse.
    CollectionId.checkName("database", name);
    if (name.equals(CollectionId.DEFAULT_DATABASE)) {
      throw new IllegalArgumentException("the default database cannot be dropped");
    }
    try {
      if (!namespaces().dropNamespace(Namespace.of(name))) {
        throw new IllegalArgumentException("database '" + name + "' does not exist");
      }
    } catch (NamespaceNotEmptyException e) {
      throw new IllegalArgumentException(
          "database '" + name + "' still holds collections; drop them first");
    }
  }

  private void ensureDatabase(String database) {
    SupportsNamespaces namespaces = namespaces();
    Namespace ns = Namespace.of(database);
    if (!namespaces.namespaceExists(ns)) {
      try {
        namespaces.createNamespace(ns);
      } catch (AlreadyExistsException e) {
        // created concurrently: fine
      }
    }
  }

  private SupportsNamespaces namespaces() {
    if (catalog instanceof SupportsNamespaces namespaces) {
      return namespaces;
    }
    throw new UnsupportedOperationException(
        catalog.getClass().getSimpleName() + " does not support namespaces (databases)");
  }

  @Override
  public void close() {
    if (catalog instanceof Closeable closeable) {
      try {
        closeable.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
