package io.vectorlake.catalog.warehouse;

/** The Iceberg table properties in which a collection keeps what its Iceberg schema cannot say. */
public final class CollectionProperties {
  /** Version of the Vectorlake table layout; readers refuse tables newer than they know. */
  public static final String FORMAT_VERSION = "vectorlake.format-version";

  public static final int CURRENT_FORMAT_VERSION = 1;

  /** The collection schema as {@link io.vectorlake.catalog.schema.SchemaJson}. */
  public static final String SCHEMA = "vectorlake.schema";

  /** The partitions, as a JSON object of name to the WAL position at which each was created. */
  public static final String PARTITIONS = "vectorlake.partitions";

  /** The next auto-id key no writer has been given yet. */
  public static final String NEXT_AUTO_ID = "vectorlake.next-auto-id";

  /** Prefix of the properties holding each vector field's index spec as JSON. */
  public static final String INDEX_PREFIX = "vectorlake.index.";

  private CollectionProperties() {}
}
