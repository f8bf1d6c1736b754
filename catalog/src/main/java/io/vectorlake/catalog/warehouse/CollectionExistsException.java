package io.vectorlake.catalog.warehouse;

/** A collection of that name is already in the warehouse. */
public class CollectionExistsException extends RuntimeException {
  public CollectionExistsException(CollectionId id) {
    super("collection '" + id + "' already exists");
  }
}
