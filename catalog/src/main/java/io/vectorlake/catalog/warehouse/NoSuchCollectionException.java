package io.vectorlake.catalog.warehouse;

/** The named collection is not in the warehouse. */
public class NoSuchCollectionException extends RuntimeException {
  public NoSuchCollectionException(CollectionId id) {
    super("collection '" + id + "' does not exist");
  }
}
