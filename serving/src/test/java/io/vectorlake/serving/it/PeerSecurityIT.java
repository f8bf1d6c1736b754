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
 * Two TLS nodes with different client passwords and one shared peer credential: a query through
 * node A reaches node B over TLS with the peer credential, so it counts both nodes' shards. The
 * client's password for A is not B's, so forwarding it (or dialing B in plaintext) would fail.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PeerSecurityIT {
  @TempDir Path dir;

  @Test
  void peersAreDialedOverTlsWithThePeerCredential() throws Exception {
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
      MilvusClientV2 viaA = client(tls, portA, "alice:for-a");
      MilvusClientV2 viaB = client(tls, portB, "bob:for-b");
      viaA.loadCollection(LoadCollectionReq.builder().collectionName("secure").build());
      viaB.loadCollection(LoadCollectionReq.builder().collectionName("secure").build());
      assertEquals(100, count(viaA), "through A, both shards");
      assertEquals(100, count(viaB), "through B, both shards");
      viaA.close();
      viaB.close();
    }
  }

  private static MilvusClientV2 client(SelfSignedCertificate tls, int port, String token) {
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
