package io.vectorlake.catalog.index;

/** One search result within a segment: a row ordinal and its Milvus score. */
public record Hit(int ordinal, float score) {}
