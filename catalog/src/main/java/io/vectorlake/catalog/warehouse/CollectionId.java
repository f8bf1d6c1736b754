package io.vectorlake.catalog.warehouse;

import io.vectorlake.catalog.schema.InvalidSchemaException;
import java.util.regex.Pattern;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * A collection's name: {@code database.collection}, where the database is a Milvus database and an
 * Iceberg namespace. A bare name is in the {@value #DEFAULT_DATABASE} database, as in Milvus.
 */
public record CollectionId(String database, String name) implements java.io.Serializable {
  public static final String DEFAULT_DATABASE = "default";
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");

  public CollectionId {
    checkName("database", database);
    checkName("collection", name);
    if (name.endsWith("__segments")) {
      throw new InvalidSchemaException(
          "collection name '" + name + "' must not end in '__segments': that names its segment catalog");
    }
  }

  /** Parses {@code "db.name"} or {@code "name"}. */
  public static CollectionId parse(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidSchemaException("a collection name must not be empty");
    }
    int dot = text.indexOf('.');
    return dot < 0
        ? new CollectionId(DEFAULT_DATABASE, text)
        : new CollectionId(text.substring(0, dot), text.substring(dot + 1));
  }

  public static CollectionId of(TableIdentifier table) {
    return new CollectionId(String.join(".", table.namespace().levels()), table.name());
  }

  public TableIdentifier tableIdentifier() {
    return TableIdentifier.of(Namespace.of(database), name);
  }

  static void checkName(String what, String value) {
    if (value == null || !NAME.matcher(value).matches()) {
      throw new InvalidSchemaException(
          what + " name '" + value + "' must start with a letter or '_', hold only letters,"
              + " digits and '_', and be at most 255 characters");
    }
  }

  @Override
  public String toString() {
    return database + "." + name;
  }
}
