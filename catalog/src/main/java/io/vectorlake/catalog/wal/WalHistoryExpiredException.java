package io.vectorlake.catalog.wal;

/**
 * A read at a WAL position older than the collection's time-travel window: its snapshots have
 * expired. The message names the oldest position still readable.
 */
public final class WalHistoryExpiredException extends IllegalArgumentException {
  private final long oldestReadablePosition;

  public WalHistoryExpiredException(String table, long position, long oldestReadablePosition) {
    super("WAL position " + position + " of " + table + " is older than its time-travel window:"
        + " the oldest readable position is " + oldestReadablePosition
        + " (vectorlake.retention.max-age sets the window)");
    this.oldestReadablePosition = oldestReadablePosition;
  }

  public long oldestReadablePosition() {
    return oldestReadablePosition;
  }
}
