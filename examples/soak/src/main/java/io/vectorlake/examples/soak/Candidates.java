package io.vectorlake.examples.soak;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a read may see for one key: absent, and/or one of some row versions (each with its
 * vector). More than one candidate exists only for ops that may or may not be visible to the read:
 * committed while it ran, or indeterminate because their call failed.
 */
final class Candidates {
  private boolean absent;
  private final Map<Long, float[]> rows = new LinkedHashMap<>();

  void add(SoakOp op) {
    if (op == null || !op.writesRow()) {
      absent = true;
    } else {
      rows.put(op.version(), op.vector());
    }
  }

  boolean allowsAbsent() {
    return absent;
  }

  boolean allowsPresent() {
    return !rows.isEmpty();
  }

  boolean allows(long version, float[] vector) {
    float[] expected = rows.get(version);
    return expected != null && (vector == null || Arrays.equals(expected, vector));
  }

  @Override
  public String toString() {
    return (absent ? "absent " : "") + "versions " + rows.keySet();
  }
}
