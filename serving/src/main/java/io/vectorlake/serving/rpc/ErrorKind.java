package io.vectorlake.serving.rpc;

import io.milvus.grpc.ErrorCode;

/**
 * The kinds of failure the server reports in a Milvus {@code Status}, each with Milvus' numeric
 * error code (the {@code code} field that SDKs 2.3+ read) and the legacy {@link ErrorCode}.
 */
public enum ErrorKind {
  UNEXPECTED(5, ErrorCode.UnexpectedError),
  UNIMPLEMENTED(6, ErrorCode.UnexpectedError),
  COLLECTION_NOT_FOUND(100, ErrorCode.CollectionNotExists),
  COLLECTION_NOT_LOADED(101, ErrorCode.UnexpectedError),
  COLLECTION_EXISTS(105, ErrorCode.IllegalArgument),
  PARTITION_NOT_FOUND(200, ErrorCode.IllegalArgument),
  INDEX_NOT_FOUND(700, ErrorCode.IndexNotExist),
  DATABASE_NOT_FOUND(800, ErrorCode.IllegalArgument),
  INVALID_ARGUMENT(1100, ErrorCode.IllegalArgument),
  ILLEGAL_DIMENSION(1100, ErrorCode.IllegalDimension),
  ILLEGAL_TOPK(1100, ErrorCode.IllegalTOPK),
  FIELD_NOT_FOUND(1100, ErrorCode.IllegalArgument);

  private final int code;
  private final ErrorCode legacy;

  ErrorKind(int code, ErrorCode legacy) {
    this.code = code;
    this.legacy = legacy;
  }

  public int code() {
    return code;
  }

  public ErrorCode legacy() {
    return legacy;
  }
}
