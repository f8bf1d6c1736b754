package io.vectorlake.serving;

import io.milvus.shaded.io.grpc.Server;
import io.milvus.shaded.io.grpc.ServerInterceptors;
import io.milvus.shaded.io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import io.vectorlake.serving.auth.TokenAuthenticator;
import io.vectorlake.serving.collection.CollectionAdmin;
import io.vectorlake.serving.dml.GroupCommitters;
import io.vectorlake.serving.dml.SessionPositions;
import io.vectorlake.serving.dml.WriteService;
import io.vectorlake.serving.load.ConsistencyPolicy;
import io.vectorlake.serving.load.LoadedCollections;
import io.vectorlake.serving.rpc.MilvusService;
import io.vectorlake.serving.rpc.RequestContext;
import io.vectorlake.serving.search.ReadService;
import io.vectorlake.serving.search.SearchExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Milvus-protocol gRPC server over one warehouse. {@link #start} loads the collections that
 * were loaded before and starts listening; {@link #close} stops accepting calls, lets in-flight
 * calls and queued writes finish, and closes the warehouse.
 */
public final class VectorlakeServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VectorlakeServer.class);

  private final Warehouse warehouse;
  private final ServerConfig config;
  private final LoadedCollections loaded;
  private final GroupCommitters committers;
  private final ForkJoinPool searchPool;
  private final io.vectorlake.serving.shard.PeerFanout fanout;
  private final Server server;
  private boolean closed;

  public VectorlakeServer(Warehouse warehouse, ServerConfig config) {
    this.warehouse = warehouse;
    this.config = config;
    // Index files of a remote warehouse are copied here: jvector maps them from local disk.
    this.loaded = new LoadedCollections(warehouse, indexCache(warehouse), config.shards(),
        config.followInterval());
    this.committers = new GroupCommitters(warehouse);
    this.searchPool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
    this.fanout = new io.vectorlake.serving.shard.PeerFanout(config.peers(), config.peerToken(),
        config.tlsCert() != null, config.peerTrust());
    SessionPositions sessions = new SessionPositions();
    var peers = new io.vectorlake.serving.shard.PeerLookups(fanout);
    CollectionAdmin admin = new CollectionAdmin(warehouse, loaded, committers, sessions, peers);
    MilvusService service = new MilvusService(
        admin,
        new WriteService(admin, committers, loaded, sessions, peers),
        new ReadService(loaded, new ConsistencyPolicy(config.boundedStaleness(), sessions),
            new SearchExecutor(searchPool), fanout, config.limits()));
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.port()))
            .maxInboundMessageSize(config.limits().maxRequestBytes());
    if (config.tlsCert() != null) {
      builder.useTransportSecurity(config.tlsCert().toFile(), config.tlsKey().toFile());
    }
    // Interceptors run last-added first: authenticate, then read the Milvus headers.
    var intercepted = config.token() == null
        ? ServerInterceptors.intercept(service, new RequestContext())
        : ServerInterceptors.intercept(service, new RequestContext(),
            new TokenAuthenticator(config.token(), config.peerToken()));
    this.server = builder.addService(intercepted).build();
  }

  /**
   * The index cache of this warehouse: one directory per warehouse location, since segment ids
   * are unique only within a warehouse, and two warehouses must never share a cached file.
   */
  static java.nio.file.Path indexCache(Warehouse warehouse) {
    String location = String.valueOf(warehouse.properties().get("warehouse"));
    String digest;
    try {
      digest = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(location.getBytes(java.nio.charset.StandardCharsets.UTF_8)), 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM provides SHA-256", e);
    }
    return java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "vectorlake-index-cache",
        digest);
  }

  /** Loads the collections marked loaded, then listens. */
  public VectorlakeServer start() {
    long started = System.nanoTime();
    ensureDefaultDatabase();
    int collections = loaded.loadMarked();
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + config.host() + ":" + config.port(), e);
    }
    LOG.info("serving the Milvus protocol on {}:{} ({}{}); loaded {} collections in {} ms",
        config.host(), port(), config.tlsCert() == null ? "plaintext" : "TLS",
        config.token() == null ? ", no auth" : ", token auth", collections,
        (System.nanoTime() - started) / 1_000_000);
    if (config.shards() != null || !config.peers().isEmpty()) {
      LOG.info("serving shards {}; peers serving the others: {}",
          config.shards() == null ? "all" : new java.util.TreeSet<>(config.shards()), config.peers());
    }
    return this;
  }

  // A new warehouse directory holds no namespace yet, and listing it would fail; Milvus always
  // has the default database, so create it up front.
  private void ensureDefaultDatabase() {
    try {
      warehouse.listDatabases();
    } catch (org.apache.iceberg.exceptions.NoSuchNamespaceException e) {
      warehouse.createDatabase(CollectionId.DEFAULT_DATABASE);
      LOG.info("created the default database in a new warehouse");
    }
  }

  /** The port listened on (the chosen one when configured with port 0). */
  public int port() {
    return server.getPort();
  }

  public Warehouse warehouse() {
    return warehouse;
  }

  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    LOG.info("stopping: no new calls, finishing calls in flight");
    server.shutdown();
    try {
      if (!server.awaitTermination(30, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
    committers.close();
    fanout.close();
    searchPool.shutdown();
    loaded.closeAll();
    warehouse.close();
    LOG.info("stopped");
  }
}
