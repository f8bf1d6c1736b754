package io.vectorlake.examples.soak;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import java.util.List;

/**
 * One thread's Milvus SDK clients, one per serving node. After a failed call the thread moves to
 * the other node, and the failed node's client is rebuilt on its next use (a channel to a killed
 * node may sit in reconnect backoff).
 */
final class NodeClients implements AutoCloseable {
  private final List<ServingNode> nodes;
  private final String database;
  private final String collection;
  private final MilvusClientV2[] clients;
  private int current;

  NodeClients(List<ServingNode> nodes, String database, String collection, int first) {
    this.nodes = nodes;
    this.database = database;
    this.collection = collection;
    this.clients = new MilvusClientV2[nodes.size()];
    this.current = first % nodes.size();
  }

  /** The client of the current node, connecting (and loading the collection) if needed. */
  MilvusClientV2 client() {
    if (clients[current] == null) {
      MilvusClientV2 client = new MilvusClientV2(ConnectConfig.builder()
          .uri(nodes.get(current).uri()).dbName(database)
          .connectTimeoutMs(30_000).rpcDeadlineMs(120_000).build());
      client.loadCollection(LoadCollectionReq.builder().collectionName(collection).build());
      clients[current] = client;
    }
    return clients[current];
  }

  /** Drops the current node's client and moves to the next node. */
  void failed() {
    MilvusClientV2 client = clients[current];
    clients[current] = null;
    if (client != null) {
      try {
        client.close();
      } catch (RuntimeException ignored) {
        // closing a broken channel
      }
    }
    current = (current + 1) % nodes.size();
  }

  String collection() {
    return collection;
  }

  @Override
  public void close() {
    for (int i = 0; i < clients.length; i++) {
      if (clients[i] != null) {
        clients[i].close();
        clients[i] = null;
      }
    }
  }
}
