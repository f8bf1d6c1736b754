/**
 * Milvus' boolean filter-expression language: parsing, checking against a collection schema, and
 * evaluation on single rows and on columnar batches.
 *
 * <p>The parser is hand-written recursive descent rather than generated (ANTLR, JavaCC): the
 * grammar is small, a hand-written parser reports the exact character offset of an error and what
 * was expected there, and it needs no code generation step nor a parser runtime that could clash
 * with the versions Spark and Flink put on the classpath.
 *
 * <p>Entry point: {@link io.vectorlake.catalog.expr.FilterExpression#parse}.
 */
package io.vectorlake.catalog.expr;
