package io.vectorlake.serving.rpc;

import io.milvus.shaded.io.grpc.Context;
import io.milvus.shaded.io.grpc.Contexts;
import io.milvus.shaded.io.grpc.Metadata;
import io.milvus.shaded.io.grpc.ServerCall;
import io.milvus.shaded.io.grpc.ServerCallHandler;
import io.milvus.shaded.io.grpc.ServerInterceptor;

/**
 * Carries the Milvus headers a request came with (the client's {@code identifier} from Connect and
 * the {@code dbname} it connected to) into the gRPC context of the call.
 */
public final class RequestContext implements ServerInterceptor {
  static final Metadata.Key<String> IDENTIFIER =
      Metadata.Key.of("identifier", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> DBNAME =
      Metadata.Key.of("dbname", Metadata.ASCII_STRING_MARSHALLER);
  /** Set by a node that fans a request out: the peer answers from its own shards only. */
  public static final Metadata.Key<String> LOCAL_ONLY =
      Metadata.Key.of("vectorlake-local-only", Metadata.ASCII_STRING_MARSHALLER);
  /**
   * Set by a node that fans a request out: the WAL position it answers from, which the peer's
   * snapshot must reach (a client's Session writes through that node included).
   */
  public static final Metadata.Key<String> MIN_POSITION =
      Metadata.Key.of("vectorlake-min-position", Metadata.ASCII_STRING_MARSHALLER);
  private static final Context.Key<Long> FLOOR = Context.key("vectorlake-min-position");
  private static final Context.Key<String> CLIENT = Context.key("vectorlake-client");
  private static final Context.Key<Boolean> LOCAL = Context.key("vectorlake-local-only");
  private static final Context.Key<String> DATABASE = Context.key("vectorlake-database");

  /** The client identifier the SDK got from Connect, or null when it sent none. */
  public static String client() {
    return CLIENT.get();
  }

  /** Whether the request came from a peer fanning out, to be answered from this node's shards. */
  public static boolean localOnly() {
    return Boolean.TRUE.equals(LOCAL.get());
  }

  /** The WAL position a fanning-out peer asked this node's answer to reach, 0 when none. */
  public static long minPosition() {
    Long floor = FLOOR.get();
    return floor == null ? 0 : floor;
  }

  /** The database named by the request, else the one the client connected to, else "default". */
  public static String database(String requested) {
    if (requested != null && !requested.isEmpty()) {
      return requested;
    }
    String connected = DATABASE.get();
    return connected == null || connected.isEmpty() ? "default" : connected;
  }

  private static long floor(String header) {
    try {
      return header == null ? 0 : Math.max(0, Long.parseLong(header.trim()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    Context context =
        Context.current().withValue(CLIENT, headers.get(IDENTIFIER)).withValue(DATABASE,
            headers.get(DBNAME)).withValue(LOCAL, "1".equals(headers.get(LOCAL_ONLY)))
            .withValue(FLOOR, floor(headers.get(MIN_POSITION)));
    return Contexts.interceptCall(context, call, headers, next);
  }
}
