package io.vectorlake.serving;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a server listens and serves.
 *
 * @param host the address to bind (0.0.0.0 for all, 127.0.0.1 for loopback only)
 * @param port the port (0 picks a free one)
 * @param token "user:password" every client must present, or null for no authentication
 * @param tlsCert PEM certificate chain, or null for plaintext
 * @param tlsKey PEM PKCS#8 private key of the certificate
 * @param boundedStaleness how old a loaded view may be under Bounded consistency
 */
public record ServerConfig(
    String host, int port, String token, Path tlsCert, Path tlsKey, Duration boundedStaleness) {

  public ServerConfig {
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new IllegalArgumentException("TLS needs both --tls-cert and --tls-key");
    }
    boundedStaleness = boundedStaleness == null ? Duration.ofSeconds(5) : boundedStaleness;
  }

  public static ServerConfig loopback(int port) {
    return new ServerConfig("127.0.0.1", port, null, null, null, null);
  }

  public ServerConfig withToken(String value) {
    return new ServerConfig(host, port, value, tlsCert, tlsKey, boundedStaleness);
  }

  public ServerConfig withTls(Path cert, Path key) {
    return new ServerConfig(host, port, token, cert, key, boundedStaleness);
  }

  public ServerConfig withPort(int value) {
    return new ServerConfig(host, value, token, tlsCert, tlsKey, boundedStaleness);
  }
}
