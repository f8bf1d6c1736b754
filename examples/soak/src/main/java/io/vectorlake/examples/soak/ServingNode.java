package io.vectorlake.examples.soak;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * One serving node ({@code bin/vectorlake serve --shards S --peers P}) on a fixed loopback port,
 * so that it comes back where its peer expects it after being killed.
 */
final class ServingNode implements AutoCloseable {
  private static final String JAVA_OPTS = "-Xmx512m";

  private final SoakSettings settings;
  private final int index;
  private final int port;
  private final int shard;
  private final int peerPort;
  private volatile Child process;

  ServingNode(SoakSettings settings, int index, int port, int shard, int peerPort) {
    this.settings = settings;
    this.index = index;
    this.port = port;
    this.shard = shard;
    this.peerPort = peerPort;
  }

  /** Starts the node; returns once it accepts connections (up to 3 minutes). */
  void start() throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("serve"));
    args.addAll(settings.warehouseArgs());
    args.addAll(List.of("--host", "127.0.0.1", "--port", Integer.toString(port),
        "--shards", Integer.toString(shard), "--peers", "127.0.0.1:" + peerPort));
    Child child = Child.start(settings, "serve-" + index, JAVA_OPTS, args);
    long deadline = System.nanoTime() + 180_000_000_000L;
    while (true) {
      if (!child.isAlive()) {
        throw new IllegalStateException("serving node " + index + " exited at start; see "
            + child.description());
      }
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress("127.0.0.1", port), 500);
        process = child;
        return;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline) {
          child.kill();
          throw new IllegalStateException("serving node " + index + " did not listen on " + port);
        }
        Thread.sleep(200);
      }
    }
  }

  /**
   * Loads the collection on this node, as Milvus' coordinator does for a node that (re)joins: a
   * node keeps no load state across a restart, and its peers' fanned-out requests need it loaded.
   * Retries for up to 3 minutes while the node comes up.
   */
  void load(String database, String collection) throws InterruptedException {
    long deadline = System.nanoTime() + 180_000_000_000L;
    while (true) {
      try {
        MilvusClientV2 client = new MilvusClientV2(ConnectConfig.builder().uri(uri())
            .dbName(database).connectTimeoutMs(30_000).rpcDeadlineMs(120_000).build());
        try {
          client.loadCollection(LoadCollectionReq.builder().collectionName(collection).build());
          return;
        } finally {
          client.close();
        }
      } catch (RuntimeException notYet) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("serving node " + index + " did not load " + collection,
              notYet);
        }
        Thread.sleep(1_000);
      }
    }
  }

  void kill() throws InterruptedException {
    process.kill();
  }

  String uri() {
    return "http://127.0.0.1:" + port;
  }

  int index() {
    return index;
  }

  @Override
  public void close() throws InterruptedException {
    Child child = process;
    if (child != null) {
      child.close();
    }
  }
}
