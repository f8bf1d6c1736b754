package io.vectorlake.catalog.view;

import io.vectorlake.catalog.schema.Row;

/** The visible row of one primary key, with the WAL place of the op that wrote it. */
public record ResolvedRow(Object primaryKey, String partition, long position, long offset, Row row)
    implements java.io.Serializable {}
