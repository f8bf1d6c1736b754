package io.vectorlake.catalog.maintenance;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * How long a collection keeps its history, read from the WAL table's properties: snapshots of the
 * WAL and of the segment catalog younger than {@code maxAge} (and always the newest {@code
 * minSnapshots}) stay readable, which is the time-travel window; WAL files whose ops are sealed
 * leave the WAL once older than it; files no commit references are deleted once older than {@code
 * orphanGrace}; the files of a segment retired (compacted away or superseded) go once it has been
 * retired for {@code retiredGrace} and no retained catalog version lists it as live; a build whose
 * intent is older than {@code buildTimeout} is presumed dead and stops protecting its files.
 */
public record RetentionPolicy(
    int minSnapshots, Duration maxAge, Duration orphanGrace, Duration buildTimeout,
    Duration retiredGrace) {
  public static final String MIN_SNAPSHOTS = "vectorlake.retention.min-snapshots";
  public static final String MAX_AGE = "vectorlake.retention.max-age";
  public static final String ORPHAN_GRACE = "vectorlake.retention.orphan-grace";
  public static final String BUILD_TIMEOUT = "vectorlake.retention.build-timeout";
  public static final String RETIRED_GRACE = "vectorlake.retention.retired-grace";

  /**
   * Defaults: a 15 minute window bounds the history at one commit per second to about 900
   * snapshots (under 1 MB of table metadata); orphans wait 3 days because a Flink job restored from
   * a checkpoint commits files it staged before it failed, possibly hours later; a build is
   * presumed dead after a day. A retired segment's files wait an hour, not the orphan grace: nothing
   * commits them again, and an hour outlasts a serving node that loaded the segment set before the
   * compaction and still reads its files until its next reload.
   */
  public static final RetentionPolicy DEFAULTS = new RetentionPolicy(
      10, Duration.ofMinutes(15), Duration.ofDays(3), Duration.ofDays(1), Duration.ofHours(1));

  public RetentionPolicy {
    if (minSnapshots < 1) {
      throw new IllegalArgumentException(
          MIN_SNAPSHOTS + " must be at least 1 (the current snapshot), got " + minSnapshots);
    }
    requireNonNegative(MAX_AGE, maxAge);
    requireNonNegative(ORPHAN_GRACE, orphanGrace);
    requireNonNegative(BUILD_TIMEOUT, buildTimeout);
    requireNonNegative(RETIRED_GRACE, retiredGrace);
  }

  /** The policy set in {@code properties}, with {@link #DEFAULTS} for what is not set. */
  public static RetentionPolicy fromProperties(Map<String, String> properties) {
    return new RetentionPolicy(
        properties.containsKey(MIN_SNAPSHOTS)
            ? parseInt(MIN_SNAPSHOTS, properties.get(MIN_SNAPSHOTS)) : DEFAULTS.minSnapshots,
        duration(properties, MAX_AGE, DEFAULTS.maxAge),
        duration(properties, ORPHAN_GRACE, DEFAULTS.orphanGrace),
        duration(properties, BUILD_TIMEOUT, DEFAULTS.buildTimeout),
        duration(properties, RETIRED_GRACE, DEFAULTS.retiredGrace));
  }

  /** The policy as table properties, to store with {@code Collection#setRetention}. */
  public Map<String, String> toProperties() {
    return Map.of(
        MIN_SNAPSHOTS, Integer.toString(minSnapshots),
        MAX_AGE, format(maxAge),
        ORPHAN_GRACE, format(orphanGrace),
        BUILD_TIMEOUT, format(buildTimeout),
        RETIRED_GRACE, format(retiredGrace));
  }

  public RetentionPolicy withMaxAge(Duration age) {
    return new RetentionPolicy(minSnapshots, age, orphanGrace, buildTimeout, retiredGrace);
  }

  public RetentionPolicy withMinSnapshots(int count) {
    return new RetentionPolicy(count, maxAge, orphanGrace, buildTimeout, retiredGrace);
  }

  public RetentionPolicy withOrphanGrace(Duration grace) {
    return new RetentionPolicy(minSnapshots, maxAge, grace, buildTimeout, retiredGrace);
  }

  public RetentionPolicy withBuildTimeout(Duration timeout) {
    return new RetentionPolicy(minSnapshots, maxAge, orphanGrace, timeout, retiredGrace);
  }

  public RetentionPolicy withRetiredGrace(Duration grace) {
    return new RetentionPolicy(minSnapshots, maxAge, orphanGrace, buildTimeout, grace);
  }

  /**
   * Parses a duration written as a number and a unit ({@code ms}, {@code s}, {@code m}, {@code
   * h}, {@code d}), e.g. {@code 15m} or {@code 3d}, or in ISO-8601 ({@code PT15M}).
   */
  public static Duration parseDuration(String name, String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.startsWith("p")) {
        return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
      }
      int unitStart = 0;
      while (unitStart < t.length() && Character.isDigit(t.charAt(unitStart))) {
        unitStart++;
      }
      long amount = Long.parseLong(t.substring(0, unitStart));
      return switch (t.substring(unitStart)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m", "min" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        case "d" -> Duration.ofDays(amount);
        default -> throw new NumberFormatException("unknown unit");
      };
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(name + " must be a duration such as 15m, 6h or 3d"
          + " (units ms, s, m, h, d), got '" + text + "'", e);
    }
  }

  private static Duration duration(Map<String, String> properties, String name, Duration fallback) {
    String value = properties.get(name);
    return value == null ? fallback : parseDuration(name, value);
  }

  private static int parseInt(String name, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'", e);
    }
  }

  private static String format(Duration d) {
    return d.toMillis() + "ms";
  }

  private static void requireNonNegative(String name, Duration d) {
    if (d == null || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be zero or more, got " + d);
    }
  }
}
