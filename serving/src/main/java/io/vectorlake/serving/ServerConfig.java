package io.vectorlake.serving;

import io.vectorlake.serving.rpc.RequestLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * How a server listens and serves.
 *
 * @param host the address to bind (0.0.0.0 for all, 127.0.0.1 for loopback only)
 * @param port the port (0 picks a free one)
 * @param token "user:password" every client must present, or null for no authentication
 * @param tlsCert PEM certificate chain, or null for plaintext
 * @param tlsKey PEM PKCS#8 private key of the certificate
 * @param boundedStaleness how old a loaded view may be under Bounded consistency
 * @param shards the shards this node loads and searches, or null for all
 * @param peers {@code host:port} of the nodes serving the other shards: a search or query is fanned
 *     out to them and the results merged (empty: this node answers alone)
 * @param followInterval how often a loaded collection reads new WAL commits in the background
 *     (zero: only when a request asks for them)
 * @param peerToken the credential nodes present to each other (accepted besides {@code token});
 *     required when both a token and peers are configured, so a client's password is never sent
 * @param peerTrust PEM certificates trusted when dialing peers over TLS (peers are dialed over TLS
 *     when this node serves TLS); null: the JDK's default trust store
 * @param limits bounds on the work of one request
 */
public record ServerConfig(
    String host, int port, String token, Path tlsCert, Path tlsKey, Duration boundedStaleness,
    Set<Integer> shards, List<String> peers, Duration followInterval, String peerToken,
    Path peerTrust, RequestLimits limits) {

  public ServerConfig {
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new IllegalArgumentException("TLS needs both --tls-cert and --tls-key");
    }
    boundedStaleness = boundedStaleness == null ? Duration.ofSeconds(5) : boundedStaleness;
    shards = shards == null ? null : Set.copyOf(shards);
    peers = peers == null ? List.of() : List.copyOf(peers);
    limits = limits == null ? RequestLimits.DEFAULT : limits;
    followInterval = followInterval == null ? Duration.ofSeconds(1) : followInterval;
    if (followInterval.isNegative()) {
      throw new IllegalArgumentException("--follow-interval must be >= 0 (0: off), got "
          + followInterval);
    }
    if (token != null && !peers.isEmpty() && peerToken == null) {
      throw new IllegalArgumentException("with --token and --peers, set --peer-token: the"
          + " credential nodes present to each other (a client's password is never forwarded)");
    }
    for (String peer : peers) {
      if (!peer.matches("[^:]+:[0-9]+")) {
        throw new IllegalArgumentException("peer '" + peer + "' must be host:port");
      }
    }
  }

  public ServerConfig(
      String host, int port, String token, Path tlsCert, Path tlsKey, Duration boundedStaleness) {
    this(host, port, token, tlsCert, tlsKey, boundedStaleness, null, List.of(), null, null, null,
        null);
  }

  public static ServerConfig loopback(int port) {
    return new ServerConfig("127.0.0.1", port, null, null, null, null);
  }

  public ServerConfig withToken(String value) {
    return new ServerConfig(host, port, value, tlsCert, tlsKey, boundedStaleness, shards, peers,
        followInterval, peerToken, peerTrust, limits);
  }

  public ServerConfig withTls(Path cert, Path key) {
    return new ServerConfig(host, port, token, cert, key, boundedStaleness, shards, peers,
        followInterval, peerToken, peerTrust, limits);
  }

  public ServerConfig withPort(int value) {
    return new ServerConfig(host, value, token, tlsCert, tlsKey, boundedStaleness, shards, peers,
        followInterval, peerToken, peerTrust, limits);
  }

  /** This node serves {@code served} shards and fans requests out to {@code peerAddresses}. */
  public ServerConfig withShards(Set<Integer> served, List<String> peerAddresses) {
    return new ServerConfig(host, port, token, tlsCert, tlsKey, boundedStaleness, served,
        peerAddresses, followInterval, peerToken, peerTrust, limits);
  }

  /** Loaded collections read new WAL commits every {@code interval} (zero: never on their own). */
  public ServerConfig withFollowInterval(Duration interval) {
    return new ServerConfig(host, port, token, tlsCert, tlsKey, boundedStaleness, shards, peers,
        interval, peerToken, peerTrust, limits);
  }

  /** Nodes present {@code credential} to each other and trust {@code trust} for peer TLS. */
  public ServerConfig withPeerSecurity(String credential, Path trust) {
    return new ServerConfig(host, port, token, tlsCert, tlsKey, boundedStaleness, shards, peers,
        followInterval, credential, trust, limits);
  }

  public ServerConfig withLimits(RequestLimits value) {
    return new ServerConfig(host, port, token, tlsCert, tlsKey, boundedStaleness, shards, peers,
        followInterval, peerToken, peerTrust, value);
  }
}
