package io.vectorlake.catalog.index;

/**
 * The files of one vector field's index and what building them took.
 *
 * @param pq the PQ codes file, or null when the field is searched on full vectors only
 */
public record BuiltIndex(
    String field, IndexSpec spec, IndexFile graph, IndexFile pq, int pqSubspaces, long buildMillis,
    long pqMillis) implements java.io.Serializable {}
