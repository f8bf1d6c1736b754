package io.vectorlake.catalog.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {
  @Test
  void unsetPropertiesTakeTheDefaults() {
    assertEquals(RetentionPolicy.DEFAULTS, RetentionPolicy.fromProperties(Map.of()));
  }

  @Test
  void propertiesOverrideEachSetting() {
    RetentionPolicy p = RetentionPolicy.fromProperties(Map.of(
        RetentionPolicy.MIN_SNAPSHOTS, "50", RetentionPolicy.MAX_AGE, "6h",
        RetentionPolicy.ORPHAN_GRACE, "PT36H", RetentionPolicy.BUILD_TIMEOUT, "90m",
        RetentionPolicy.RETIRED_GRACE, "20m"));
    assertEquals(new RetentionPolicy(50, Duration.ofHours(6), Duration.ofHours(36),
        Duration.ofMinutes(90), Duration.ofMinutes(20)), p);
  }

  @Test
  void roundTripsThroughProperties() {
    RetentionPolicy p = RetentionPolicy.DEFAULTS.withMaxAge(Duration.ofMillis(1500));
    assertEquals(p, RetentionPolicy.fromProperties(p.toProperties()));
  }

  @Test
  void badValuesNameThePropertyAndTheValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RetentionPolicy.fromProperties(Map.of(RetentionPolicy.MAX_AGE, "15 minutes")));
    assertTrue(e.getMessage().contains(RetentionPolicy.MAX_AGE) && e.getMessage().contains(
        "'15 minutes'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> RetentionPolicy.fromProperties(Map.of(RetentionPolicy.MIN_SNAPSHOTS, "0")));
    assertTrue(e.getMessage().contains(RetentionPolicy.MIN_SNAPSHOTS), e.getMessage());
  }
}
