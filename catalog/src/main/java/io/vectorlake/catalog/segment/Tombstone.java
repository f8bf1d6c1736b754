package io.vectorlake.catalog.segment;

/** A key deleted or replaced at WAL place {@code (position, offset)}: older rows of it are dead. */
public record Tombstone(Object primaryKey, long position, long offset) implements java.io.Serializable {
  /** Whether a row written at {@code (rowPosition, rowOffset)} is dead by this tombstone. */
  public boolean kills(long rowPosition, long rowOffset) {
    return rowPosition != position ? rowPosition < position : rowOffset < offset;
  }
}
