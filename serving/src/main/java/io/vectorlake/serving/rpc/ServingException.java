package io.vectorlake.serving.rpc;

/**
 * A request failed for a reason the client can act on; answered as a Milvus error {@code Status}
 * whose reason is this message.
 */
public class ServingException extends RuntimeException {
  private final ErrorKind kind;

  public ServingException(ErrorKind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public ErrorKind kind() {
    return kind;
  }

  public static ServingException invalid(String message) {
    return new ServingException(ErrorKind.INVALID_ARGUMENT, message);
  }

  public static ServingException unimplemented(String what) {
    return new ServingException(
        ErrorKind.UNIMPLEMENTED, what + " is not implemented by this Vectorlake server yet");
  }
}
