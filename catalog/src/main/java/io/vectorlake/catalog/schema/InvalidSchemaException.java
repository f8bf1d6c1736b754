package io.vectorlake.catalog.schema;

/** A collection schema, or a change to one, breaks a rule; the message names the field and the rule. */
public class InvalidSchemaException extends IllegalArgumentException {
  public InvalidSchemaException(String message) {
    super(message);
  }
}
