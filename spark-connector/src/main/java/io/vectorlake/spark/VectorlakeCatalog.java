package io.vectorlake.spark;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionExistsException;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.NoSuchCollectionException;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.catalyst.analysis.NamespaceAlreadyExistsException;
import org.apache.spark.sql.catalyst.analysis.NoSuchNamespaceException;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.NamespaceChange;
import org.apache.spark.sql.connector.catalog.SupportsNamespaces;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCatalog;
import org.apache.spark.sql.connector.catalog.TableChange;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * A Spark SQL catalog over a warehouse: {@code spark.sql.catalog.vl =
 * io.vectorlake.spark.VectorlakeCatalog} with {@code spark.sql.catalog.vl.warehouse = DIR} (and
 * any Iceberg catalog property) makes {@code vl.db.docs} a collection for SELECT, INSERT INTO,
 * DELETE FROM and CREATE TABLE ... TBLPROPERTIES (primaryKey, vectorField, dim, metric, ...).
 */
public final class VectorlakeCatalog implements TableCatalog, SupportsNamespaces {
  private String name;
  private Map<String, String> warehouse;

  @Override
  public void initialize(String catalogName, CaseInsensitiveStringMap options) {
    this.name = catalogName;
    Map<String, String> props = new HashMap<>(options.asCaseSensitiveMap());
    this.warehouse = Map.copyOf(props);
    if (!warehouse.containsKey("warehouse") && !warehouse.containsKey("uri")) {
      throw new IllegalArgumentException("spark.sql.catalog." + catalogName
          + ".warehouse must name the warehouse (a directory or URI)");
    }
  }

  @Override
  public String name() {
    return name;
  }

  private Warehouse open() {
    return Warehouse.open(warehouse);
  }

  private static CollectionId id(Identifier ident) {
    if (ident.namespace().length != 1) {
      throw new IllegalArgumentException("a collection is named db.collection, got "
          + String.join(".", ident.namespace()) + "." + ident.name());
    }
    return new CollectionId(ident.namespace()[0], ident.name());
  }

  @Override
  public Identifier[] listTables(String[] namespace) throws NoSuchNamespaceException {
    try (Warehouse wh = open()) {
      if (namespace.length != 1 || !wh.listDatabases().contains(namespace[0])) {
        throw new NoSuchNamespaceException(namespace);
      }
      return wh.listCollections(namespace[0]).stream()
          .map(c -> Identifier.of(new String[] {c.database()}, c.name()))
          .toArray(Identifier[]::new);
    }
  }

  @Override
  public Table loadTable(Identifier ident) throws NoSuchTableException {
    try (Warehouse wh = open()) {
      Collection collection = wh.loadCollection(id(ident));
      return new VectorlakeTable(new ConnectorOptions(warehouse, collection.id()), collection.schema(),
          false);
    } catch (NoSuchCollectionException | IllegalArgumentException e) {
      throw new NoSuchTableException(ident);
    }
  }

  @Override
  @SuppressWarnings("deprecation")
  public Table createTable(Identifier ident, StructType schema, Transform[] partitions,
      Map<String, String> properties) throws TableAlreadyExistsException {
    if (partitions.length > 0) {
      throw new IllegalArgumentException("collections are sharded by primary key; PARTITIONED BY"
          + " is not supported (use Milvus partitions through option(\"partition\"))");
    }
    CollectionSchema collection = SparkSchemas.fromSpark(schema, new CaseInsensitiveStringMap(properties));
    try (Warehouse wh = open()) {
      Collection created = wh.createCollection(id(ident), collection);
      return new VectorlakeTable(new ConnectorOptions(warehouse, created.id()), created.schema(), false);
    } catch (CollectionExistsException e) {
      throw new TableAlreadyExistsException(ident);
    }
  }

  @Override
  public Table alterTable(Identifier ident, TableChange... changes) {
    throw new UnsupportedOperationException("ALTER TABLE is not supported on Vectorlake collections");
  }

  @Override
  public boolean dropTable(Identifier ident) {
    try (Warehouse wh = open()) {
      return wh.dropCollection(id(ident));
    }
  }

  @Override
  public void renameTable(Identifier from, Identifier to) {
    throw new UnsupportedOperationException("renaming collections is not supported");
  }

  @Override
  public String[][] listNamespaces() {
    try (Warehouse wh = open()) {
      return wh.listDatabases().stream().map(db -> new String[] {db}).toArray(String[][]::new);
    }
  }

  @Override
  public String[][] listNamespaces(String[] namespace) throws NoSuchNamespaceException {
    if (namespace.length == 0) {
      return listNamespaces();
    }
    if (!namespaceExists(namespace)) {
      throw new NoSuchNamespaceException(namespace);
    }
    return new String[0][];
  }

  @Override
  public boolean namespaceExists(String[] namespace) {
    try (Warehouse wh = open()) {
      return namespace.length == 1 && wh.listDatabases().contains(namespace[0]);
    }
  }

  @Override
  public Map<String, String> loadNamespaceMetadata(String[] namespace) throws NoSuchNamespaceException {
    if (!namespaceExists(namespace)) {
      throw new NoSuchNamespaceException(namespace);
    }
    return Map.of();
  }

  @Override
  public void createNamespace(String[] namespace, Map<String, String> metadata)
      throws NamespaceAlreadyExistsException {
    if (namespaceExists(namespace)) {
      throw new NamespaceAlreadyExistsException(namespace);
    }
    try (Warehouse wh = open()) {
      wh.createDatabase(namespace[0]);
    }
  }

  @Override
  public void alterNamespace(String[] namespace, NamespaceChange... changes) {
    throw new UnsupportedOperationException("databases have no properties to alter");
  }

  @Override
  public boolean dropNamespace(String[] namespace, boolean cascade) {
    try (Warehouse wh = open()) {
      if (cascade) {
        for (CollectionId c : wh.listCollections(namespace[0])) {
          wh.dropCollection(c);
        }
      }
      wh.dropDatabase(namespace[0]);
      return true;
    }
  }
}
