package io.vectorlake.serving.auth;

import io.milvus.shaded.io.grpc.Metadata;
import io.milvus.shaded.io.grpc.ServerCall;
import io.milvus.shaded.io.grpc.ServerCallHandler;
import io.milvus.shaded.io.grpc.ServerInterceptor;
import io.milvus.shaded.io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Requires Milvus' token on every call: the {@code authorization} header holding
 * base64("user:password"), as the Milvus SDKs send it. A missing or wrong token is refused with
 * gRPC UNAUTHENTICATED, as Milvus does, before the request reaches the service.
 */
public final class TokenAuthenticator implements ServerInterceptor {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final byte[] expected;
  private final byte[] peer; // null: no peer credential

  /** {@code token} is "user:password". */
  public TokenAuthenticator(String token) {
    this(token, null);
  }

  /** Accepts {@code token} from clients and {@code peerToken} (when not null) from peer nodes. */
  public TokenAuthenticator(String token, String peerToken) {
    if (token == null || !token.contains(":")) {
      throw new IllegalArgumentException("--token must be USER:PASSWORD");
    }
    if (peerToken != null && peerToken.isEmpty()) {
      throw new IllegalArgumentException("--peer-token must not be empty");
    }
    this.expected = token.getBytes(StandardCharsets.UTF_8);
    this.peer = peerToken == null ? null : peerToken.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String header = headers.get(AUTHORIZATION);
    if (header == null || header.isEmpty()) {
      return refuse(call, "this server requires authentication: connect with token"
          + " \"user:password\"");
    }
    byte[] given;
    try {
      given = Base64.getDecoder().decode(header.trim());
    } catch (IllegalArgumentException e) {
      return refuse(call, "the authorization header is not base64(user:password)");
    }
    // Constant-time comparison: the time taken must not tell how much of a guess was right.
    boolean client = MessageDigest.isEqual(given, expected);
    boolean fromPeer = peer != null && MessageDigest.isEqual(given, peer);
    if (!client && !fromPeer) {
      return refuse(call, "auth check failure, please check username, password or token are"
          + " correct");
    }
    return next.startCall(call, headers);
  }

  private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, String message) {
    call.close(Status.UNAUTHENTICATED.withDescription(message), new Metadata());
    return new ServerCall.Listener<>() {};
  }
}
