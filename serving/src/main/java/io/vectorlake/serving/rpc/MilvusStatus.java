package io.vectorlake.serving.rpc;

import io.milvus.grpc.ErrorCode;
import io.milvus.grpc.Status;
import io.vectorlake.catalog.warehouse.CollectionExistsException;
import io.vectorlake.catalog.warehouse.NoSuchCollectionException;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Milvus {@code Status} values: success, and the error for any exception a request raised.
 *
 * <p>Errors go back as a Milvus status rather than a gRPC error: MilvusClientV2 turns a non-OK
 * status into a {@code MilvusClientException} whose message is exactly our reason and never
 * retries it, while it retries some gRPC codes (NOT_FOUND, UNAVAILABLE, ...) for up to a minute.
 * Bad input keeps its actionable message; anything else answers a short message and an error id,
 * the details going to the log under that id.
 */
public final class MilvusStatus {
  private static final Logger LOG = LoggerFactory.getLogger(MilvusStatus.class);
  private static final Status OK = Status.newBuilder().setErrorCode(ErrorCode.Success).build();

  private MilvusStatus() {}

  public static Status ok() {
    return OK;
  }

  public static Status error(ErrorKind kind, String reason) {
    return Status.newBuilder()
        .setErrorCode(kind.legacy())
        .setCode(kind.code())
        .setReason(reason == null ? kind.name() : reason)
        .build();
  }

  /** The status for an exception a request raised; unexpected ones are logged. */
  public static Status of(String rpc, Throwable error) {
    if (error instanceof java.util.concurrent.CompletionException && error.getCause() != null) {
      error = error.getCause();
    }
    if (error instanceof ServingException e) {
      return error(e.kind(), e.getMessage());
    }
    if (error instanceof NoSuchCollectionException e) {
      return error(ErrorKind.COLLECTION_NOT_FOUND, e.getMessage());
    }
    if (error instanceof CollectionExistsException e) {
      return error(ErrorKind.COLLECTION_EXISTS, e.getMessage());
    }
    if (error instanceof IllegalArgumentException e) {
      // InvalidRowException, InvalidSchemaException, ExpressionException: messages name the fix.
      return error(ErrorKind.INVALID_ARGUMENT, e.getMessage());
    }
    // The exception's text may name files, buckets and catalog URIs: it goes to the log only,
    // under an id the client can quote to an operator.
    String errorId = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    LOG.error("{} failed unexpectedly (error id {})", rpc, errorId, error);
    return error(ErrorKind.UNEXPECTED, rpc + " failed on the server (error id " + errorId
        + "); the server log has the details under that id");
  }
}
