package io.vectorlake.serving.search;

import io.vectorlake.catalog.view.ResolvedRow;

/** One search result: a row and its score in Milvus' convention for the search's metric. */
public record Hit(ResolvedRow row, float score) {}
