package io.vectorlake.catalog.segment;

import java.io.Serializable;

/**
 * A running build's claim, recorded in the segment catalog before the build writes its first file
 * and removed once it commits or gives up: while it stands, cleanup keeps every file created since
 * {@code startedAtMillis} and snapshot expiry keeps the WAL snapshot at {@code walPosition}, the
 * one the build reads. An intent older than the retention policy's build timeout is a dead build's
 * and is expired by maintenance.
 *
 * @param id unique per build attempt
 * @param startedAtMillis wall clock time at which the intent was recorded
 * @param walPosition the WAL position the build seals up to
 */
public record BuildIntent(String id, long startedAtMillis, long walPosition)
    implements Serializable {
  static final String PROPERTY_PREFIX = "vectorlake.build-intent.";

  String property() {
    return PROPERTY_PREFIX + id;
  }

  String value() {
    return startedAtMillis + "," + walPosition;
  }

  static BuildIntent parse(String property, String value) {
    String[] parts = value.split(",");
    return new BuildIntent(property.substring(PROPERTY_PREFIX.length()),
        Long.parseLong(parts[0]), Long.parseLong(parts[1]));
  }
}
