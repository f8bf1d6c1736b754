package io.vectorlake.serving.shard;

import io.milvus.grpc.MilvusServiceGrpc;
import io.milvus.grpc.QueryRequest;
import io.milvus.grpc.QueryResults;
import io.milvus.grpc.SearchRequest;
import io.milvus.grpc.SearchResults;
import io.milvus.shaded.io.grpc.ManagedChannel;
import io.milvus.shaded.io.grpc.Metadata;
import io.milvus.shaded.io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.milvus.shaded.io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.milvus.shaded.io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.milvus.shaded.io.grpc.stub.MetadataUtils;
import io.vectorlake.serving.rpc.ErrorKind;
import io.vectorlake.serving.rpc.RequestContext;
import io.vectorlake.serving.rpc.ServingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The nodes that serve the other shards of the warehouse: a request a client sends to this node is
 * sent to each peer too, marked to be answered from the peer's own shards, and the answers come
 * back for merging. Peers are dialed over TLS when this node serves TLS, and are sent the peer
 * credential of the deployment (never a client's password) when one is configured.
 */
public final class PeerFanout implements AutoCloseable {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final long DEADLINE_SECONDS = 60;

  private final List<ManagedChannel> channels = new ArrayList<>();
  private final List<MilvusServiceGrpc.MilvusServiceBlockingStub> peers = new ArrayList<>();
  private final List<String> addresses;
  private final ExecutorService calls;

  /** Plaintext peers, sent {@code peerToken} when not null. */
  public PeerFanout(List<String> addresses, String peerToken) {
    this(addresses, peerToken, false, null);
  }

  /**
   * @param tls dial peers over TLS
   * @param trust PEM certificates to trust for the peers' TLS, or null for the JDK's trust store
   */
  public PeerFanout(List<String> addresses, String peerToken, boolean tls, Path trust) {
    this.addresses = List.copyOf(addresses);
    Metadata headers = new Metadata();
    headers.put(RequestContext.LOCAL_ONLY, "1");
    if (peerToken != null) {
      headers.put(AUTHORIZATION,
          Base64.getEncoder().encodeToString(peerToken.getBytes(StandardCharsets.UTF_8)));
    }
    SslContext ssl = tls && !addresses.isEmpty() ? sslContext(trust) : null;
    for (String address : addresses) {
      NettyChannelBuilder builder = NettyChannelBuilder.forTarget(address)
          .maxInboundMessageSize(256 * 1024 * 1024);
      ManagedChannel channel = ssl == null ? builder.usePlaintext().build()
          : builder.useTransportSecurity().sslContext(ssl).build();
      channels.add(channel);
      peers.add(MilvusServiceGrpc.newBlockingStub(channel)
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers)));
    }
    this.calls = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "peer-fanout");
      t.setDaemon(true);
      return t;
    });
  }

  private static SslContext sslContext(Path trust) {
    try {
      var builder = GrpcSslContexts.forClient();
      if (trust != null) {
        builder.trustManager(trust.toFile());
      }
      return builder.build();
    } catch (javax.net.ssl.SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot set up TLS to peers with trusted certificates "
          + trust + ": " + e.getMessage(), e);
    }
  }

  public boolean isActive() {
    return !peers.isEmpty();
  }

  /**
   * The peers' answers to a search, each from a snapshot at WAL position {@code floor} or newer
   * (the position this node answers from, so the merged answer keeps the client's consistency).
   */
  public List<SearchResults> search(SearchRequest request, long floor) {
    return all(peer -> atLeast(peer, floor).search(request), r -> r.getStatus());
  }

  /** The peers' answers to a query, each from WAL position {@code floor} or newer. */
  public List<QueryResults> query(QueryRequest request, long floor) {
    return all(peer -> atLeast(peer, floor).query(request), r -> r.getStatus());
  }

  private static MilvusServiceGrpc.MilvusServiceBlockingStub atLeast(
      MilvusServiceGrpc.MilvusServiceBlockingStub peer, long floor) {
    Metadata headers = new Metadata();
    headers.put(RequestContext.MIN_POSITION, Long.toString(floor));
    return peer.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  private <R> List<R> all(Function<MilvusServiceGrpc.MilvusServiceBlockingStub, R> call,
      Function<R, io.milvus.grpc.Status> status) {
    List<CompletableFuture<R>> pending = new ArrayList<>();
    for (MilvusServiceGrpc.MilvusServiceBlockingStub peer : peers) {
      pending.add(CompletableFuture.supplyAsync(
          () -> call.apply(peer.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)), calls));
    }
    List<R> results = new ArrayList<>();
    for (int i = 0; i < pending.size(); i++) {
      R result;
      try {
        result = pending.get(i).get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ServingException(ErrorKind.UNEXPECTED, "interrupted waiting for peer " + addresses.get(i));
      } catch (ExecutionException e) {
        throw new ServingException(ErrorKind.UNEXPECTED, "peer " + addresses.get(i)
            + " (serving other shards) failed: " + e.getCause().getMessage());
      }
      io.milvus.grpc.Status s = status.apply(result);
      if (s.getCode() != 0 || (s.getErrorCodeValue() != 0)) {
        throw new ServingException(ErrorKind.UNEXPECTED, "peer " + addresses.get(i)
            + " (serving other shards) answered: " + s.getReason());
      }
      results.add(result);
    }
    return results;
  }

  @Override
  public void close() {
    calls.shutdownNow();
    channels.forEach(ManagedChannel::shutdownNow);
  }
}
