package io.vectorlake.serving.it;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.vectorlake.catalog.warehouse.Warehouse;
import io.vectorlake.serving.ServerConfig;
import io.vectorlake.serving.VectorlakeServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A server on a warehouse directory, on a free loopback port, plus the SDK clients opened on it. */
final class ServerFixture implements AutoCloseable {
  final Path warehouseDir;
  final ServerConfig config;
  private final Map<String, String> warehouseProperties;
  private final List<MilvusClientV2> clients = new ArrayList<>();
  private VectorlakeServer server;

  ServerFixture(Path warehouseDir, ServerConfig config) {
    this(warehouseDir, config, Map.of());
  }

  /** A server whose warehouse is opened with {@code warehouseProperties} besides its location. */
  ServerFixture(Path warehouseDir, ServerConfig config, Map<String, String> warehouseProperties) {
    this.warehouseDir = warehouseDir;
    this.config = config;
    this.warehouseProperties = Map.copyOf(warehouseProperties);
    start();
  }

  static ServerFixture plain(Path warehouseDir) {
    return new ServerFixture(warehouseDir, ServerConfig.loopback(0));
  }

  void start() {
    Map<String, String> props = new HashMap<>(warehouseProperties);
    props.put("warehouse", warehouseDir.toAbsolutePath().toString());
    server = new VectorlakeServer(Warehouse.open(props), config).start();
  }

  /** Stops the server and starts a new one on the same warehouse (and a new port). */
  void restart() {
    closeClients();
    server.close();
    start();
  }

  String uri() {
    return (config.tlsCert() == null ? "http" : "https") + "://127.0.0.1:" + server.port();
  }

  MilvusClientV2 client() {
    return client(ConnectConfig.builder().uri(uri()).connectTimeoutMs(5_000).build());
  }

  MilvusClientV2 client(ConnectConfig connect) {
    MilvusClientV2 client = new MilvusClientV2(connect);
    clients.add(client);
    return client;
  }

  private void closeClients() {
    for (MilvusClientV2 client : clients) {
      try {
        client.close(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    clients.clear();
  }

  @Override
  public void close() {
    closeClients();
    server.close();
  }
}
