package io.vectorlake.catalog.schema;

/**
 * A row does not fit the collection schema. The message names the field, the rule and the value,
 * and the row's primary key when it has one, so the producer can find and fix it.
 */
public class InvalidRowException extends IllegalArgumentException {
  private final String field;

  public InvalidRowException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** The offending field, or null when the problem is the row as a whole. */
  public String field() {
    return field;
  }
}
