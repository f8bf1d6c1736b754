package io.vectorlake.serving.load;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a loaded collection following the WAL: refreshes it every interval, so writes made through
 * Flink, Spark or another node become visible to Session and Eventually reads (and Bounded stays
 * within its staleness) without a request to trigger it. A failing refresh is logged once, then
 * quietly retried until it succeeds again.
 */
final class WalFollower implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WalFollower.class);

  private final LoadedCollection collection;
  private final ScheduledFuture<?> task;
  private int failures; // only the scheduler thread touches it

  WalFollower(LoadedCollection collection, ScheduledExecutorService scheduler, Duration interval) {
    this.collection = collection;
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

  @Override
  public void close() {
    task.cancel(false);
  }
}
