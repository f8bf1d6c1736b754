package io.vectorlake.serving.dml;

import java.util.List;

/**
 * What one write request got once its group's commit landed: the WAL position of that commit and
 * the primary key of each of its ops, in request order (generated keys included).
 */
public record Acknowledgement(long position, List<Object> primaryKeys) {}
