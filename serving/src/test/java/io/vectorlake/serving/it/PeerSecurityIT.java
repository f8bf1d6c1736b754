package io.vectorlake.serving.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.wal.WalBatch;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import io.vectorlake.serving.ServerConfig;
import io.vectorlake.serving.VectorlakeServer;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 point 10. Two nodes with different client passwords and one shared peer credential: a
 * query through node A reaches node B with the peer credential, so it counts both nodes' shards.
 * The client's password for A is not B's, so forwarding it would fail; over TLS, dialing B in
 * plaintext would fail too. Before, peers were dialed in plaintext with the client's header.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PeerSecurityIT {
  @TempDir Path dir;

  @Test
  void peersAreDialedOverTlsWithThePeerCredential() throws Exception {
    Path warehouseDir = warehouseWithTwoShards();
    SelfSignedCertificate tls = SelfSignedCertificate.in(dir);
    int portA = freePort();
    int portB = freePort();
    ServerConfig a = ServerConfig.loopback(portA).withTls(tls.cert(), tls.key())
        .withToken("alice:for-a").withPeerSecurity("peer-secret", tls.cert())
        .withShards(Set.of(0), List.of("127.0.0.1:" + portB));
    ServerConfig b = ServerConfig.loopback(portB).withTls(tls.cert(), tls.key())
        .withToken("bob:for-b").withPeerSecurity("peer-secret", tls.cert())
        .withShards(Set.of(1), List.of("127.0.0.1:" + portA));
    try (VectorlakeServer nodeA = new VectorlakeServer(Warehouse.local(warehouseDir), a).start();
        VectorlakeServer nodeB = new VectorlakeServer(Warehouse.local(warehouseDir), b).start()) {
      assertBothNodesCountBothShards(tlsClient(tls, portA, "alice:for-a"),
          tlsClient(tls, portB, "bob:for-b"));
    }
  }

  @Test
  void plaintextPeersGetThePeerCredentialNotTheClientsPassword() throws Exception {
    Path warehouseDir = warehouseWithTwoShards();
    int portA = freePort();
    int portB = freePort();
    ServerConfig a = ServerConfig.loopback(portA).withToken("alice:for-a")
        .withPeerSecurity("peer-secret", null).withShards(Set.of(0), List.of("127.0.0.1:" + portB));
    ServerConfig b = ServerConfig.loopback(portB).withToken("bob:for-b")
        .withPeerSecurity("peer-secret", null).withShards(Set.of(1), List.of("127.0.0.1:" + portA));
    try (VectorlakeServer nodeA = new VectorlakeServer(Warehouse.local(warehouseDir), a).start();
        VectorlakeServer nodeB = new VectorlakeServer(Warehouse.local(warehouseDir), b).start()) {
      assertBothNodesCountBothShards(plainClient(portA, "alice:for-a"),
          plainClient(portB, "bob:for-b"));
    }
  }

  /** A warehouse holding 100 rows in a 2-shard collection 'secure'. */
  private Path warehouseWithTwoShards() {
    Path warehouseDir = dir.resolve("wh");
    try (Warehouse warehouse = Warehouse.local(warehouseDir)) {
      var c = warehouse.createCollection(CollectionId.parse("secure"), CollectionSchema.builder()
          .field(FieldSchema.primaryKey("id", DataType.INT64))
          .field(FieldSchema.floatVector("vector", 2, MetricType.L2))
          .shards(2)
          .build());
      WalBatch batch = new WalBatch();
      for (long id = 0; id < 100; id++) {
        batch.insert(Map.of("id", id, "vector", new float[] {id, 1}));
      }
      c.walWriter().commit(batch);
    }
    return warehouseDir;
  }

  private static void assertBothNodesCountBothShards(MilvusClientV2 viaA, MilvusClientV2 viaB)
      throws InterruptedException {
    try {
      viaA.loadCollection(LoadCollectionReq.builder().collectionName("secure").build());
      viaB.loadCollection(LoadCollectionReq.builder().collectionName("secure").build());
      assertEquals(100, count(viaA), "through A, both shards");
      assertEquals(100, count(viaB), "through B, both shards");
    } finally {
      viaA.close(1);
      viaB.close(1);
    }
  }

  private static MilvusClientV2 plainClient(int port, String token) {
    return new MilvusClientV2(ConnectConfig.builder().uri("http://127.0.0.1:" + port)
        .token(token).connectTimeoutMs(10_000).build());
  }

  private static MilvusClientV2 tlsClient(SelfSignedCertificate tls, int port, String token) {
    return new MilvusClientV2(ConnectConfig.builder().uri("https://127.0.0.1:" + port)
        .secure(true).serverPemPath(tls.cert().toString()).serverName("localhost").token(token)
        .connectTimeoutMs(10_000).build());
  }

  private static long count(MilvusClientV2 client) {
    return (Long) client.query(QueryReq.builder().collectionName("secure").filter("")
        .outputFields(List.of("count(*)")).consistencyLevel(ConsistencyLevel.STRONG).build())
        .getQueryResults().get(0).getEntity().get("count(*)");
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
