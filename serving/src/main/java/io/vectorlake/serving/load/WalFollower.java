package io.vectorlake.serving.load;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a loaded collection following the WAL: refreshes it every interval, so writes made through
 * Flink, Spark or another node become visible to Session and Eventually reads (and Bounded stays
 * within its staleness) without a request to trigger it. A failing refresh is logged once, then
 * quietly retried until it succeeds again, unless the collection was dropped meanwhile: then it is
 * released and no longer followed.
 */
final class WalFollower implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WalFollower.class);

  private final LoadedCollection collection;
  private final BooleanSupplier releasedIfDropped;
  private final ScheduledFuture<?> task;
  private int failures; // only the scheduler thread touches it

  /**
   * @param releasedIfDropped releases the collection when its table is gone, and says whether it
   *     was (asked only after a refresh failed)
   */
  WalFollower(LoadedCollection collection, ScheduledExecutorService scheduler, Duration interval,
      BooleanSupplier releasedIfDropped) {
    this.collection = collection;
    this.releasedIfDropped = releasedIfDropped;
    long millis = Math.max(1, interval.toMillis());
    this.task = scheduler.scheduleWithFixedDelay(this::follow, millis, millis,
        TimeUnit.MILLISECONDS);
  }

  private void follow() {
    try {
      collection.refresh();
      if (failures > 0) {
        LOG.info("following the WAL of {} again after {} failed refreshes",
            collection.collection().id(), failures);
        failures = 0;
      }
    } catch (RuntimeException e) {
      if (dropped()) {
        return;
      }
      // A scheduled task that throws is never run again: catch all, and log without flooding.
      failures++;
      if (failures == 1) {
        LOG.warn("cannot follow the WAL of {} (reads answer from the last loaded state; retrying"
            + " quietly): {}", collection.collection().id(), e.toString());
      } else {
        LOG.debug("refresh {} of {} failed: {}", failures, collection.collection().id(),
            e.toString());
      }
    }
  }

  private boolean dropped() {
    try {
      return releasedIfDropped.getAsBoolean();
    } catch (RuntimeException e) {
      return false; // the catalog cannot tell now: the refresh is retried as for any failure
    }
  }

  @Override
  public void close() {
    task.cancel(false);
  }
}
