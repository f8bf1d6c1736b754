package io.vectorlake.catalog.search;

/** One result of a collection search: a primary key and its Milvus score. */
public record SearchHit(Object primaryKey, float score) {}
