package io.vectorlake.catalog.index;

import io.vectorlake.catalog.schema.InvalidSchemaException;
import java.util.Locale;

/** Index types in Milvus' CreateIndex vocabulary, as Vectorlake builds them. */
public enum IndexType {
  /** A jvector graph (HNSW-style parameters M and efConstruction). */
  HNSW,
  /** A jvector graph: jvector is itself a DiskANN-family index. */
  DISKANN,
  /** No index: segments are searched exactly. */
  FLAT,
  /** Milvus' "pick for me": a jvector graph with the defaults. */
  AUTOINDEX;

  public boolean buildsGraph() {
    return this != FLAT;
  }

  public static IndexType parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidSchemaException(
          "index type '" + name + "' is not supported; use HNSW, DISKANN, FLAT or AUTOINDEX");
    }
  }
}
