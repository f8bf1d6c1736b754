package io.vectorlake.serving.collection;

/** WAL table properties the serving tier keeps about a collection, beside the catalog's own. */
public final class ServingProperties {
  /** "true" while the collection is loaded; a restarted server loads these again. */
  public static final String LOADED = "vectorlake.serving.loaded";

  /** The collection's default consistency level (Milvus' ConsistencyLevel name). */
  public static final String CONSISTENCY_LEVEL = "vectorlake.serving.consistency-level";

  private ServingProperties() {}
}
