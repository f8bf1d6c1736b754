package io.vectorlake.catalog.schema;

import java.util.Locale;

/** How a vector field measures similarity; scores follow Milvus' conventions. */
public enum MetricType {
  /** Euclidean distance: smaller is closer. */
  L2(false),
  /** Inner product: larger is closer. */
  IP(true),
  /** Cosine similarity: larger is closer. */
  COSINE(true);

  private final boolean largerIsCloser;

  MetricType(boolean largerIsCloser) {
    this.largerIsCloser = largerIsCloser;
  }

  public boolean largerIsCloser() {
    return largerIsCloser;
  }

  public static MetricType parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidSchemaException(
          "unknown metric type '" + name + "'; expected one of L2, IP, COSINE");
    }
  }
}
