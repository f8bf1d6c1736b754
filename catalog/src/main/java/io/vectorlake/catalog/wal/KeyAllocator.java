package io.vectorlake.catalog.wal;

/** Hands out blocks of auto-id primary keys that no other writer of the collection will get. */
@FunctionalInterface
public interface KeyAllocator {
  /** Reserves {@code count} consecutive keys and returns the first. */
  long allocate(int count);
}
