package io.vectorlake.catalog.segment;

/**
 * Another job changed the segment catalog since this job read it. Nothing of this job is visible;
 * it should re-read the catalog and plan again.
 */
public class CommitConflictException extends RuntimeException {
  public CommitConflictException(String message, Throwable cause) {
    super(message, cause);
  }
}
