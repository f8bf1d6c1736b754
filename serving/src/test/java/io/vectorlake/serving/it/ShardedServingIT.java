package io.vectorlake.serving.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.collection.request.GetCollectionStatsReq;
import io.milvus.v2.service.partition.request.GetPartitionStatsReq;
import io.milvus.v2.service.vector.request.AnnSearchReq;
import io.milvus.v2.service.vector.request.DeleteReq;
import io.milvus.v2.service.vector.request.HybridSearchReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.ranker.RRFRanker;
import io.milvus.v2.service.vector.response.DeleteResp;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.BaseVector;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.SearchResp;
import io.vectorlake.catalog.dataset.AnnDataset;
import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.segment.SealPlan;
import io.vectorlake.catalog.wal.Sharding;
import io.vectorlake.catalog.wal.WalBatch;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import io.vectorlake.serving.ServerConfig;
import io.vectorlake.serving.VectorlakeServer;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes on loopback, each loading one shard of a two-shard collection and fanning requests out
 * to the other, answer as one node that loads everything: same search hits and scores (with an
 * offset, a filter and output fields), same query rows, same counts.
 */
class ShardedServingIT {
  @TempDir Path dir;

  @Test
  void twoShardNodesAnswerAsOneNodeHoldingAll() throws Exception {
    AnnDataset sift = AnnDataset.load(Path.of("../../shared/data/sift-5k-128-euclidean"));
    try (Warehouse warehouse = Warehouse.local(dir)) {
      Collection c = warehouse.createCollection(CollectionId.parse("sift"), CollectionSchema.builder()
          .field(FieldSchema.primaryKey("id", DataType.INT64))
          .field(FieldSchema.floatVector("vector", 128, MetricType.L2))
          .field(FieldSchema.builder("category", DataType.INT32))
          .shards(2)
          .build());
      WalBatch batch = new WalBatch();
      for (int i = 0; i < 4000; i++) {
        batch.insert(Map.of("id", (long) i, "vector", sift.base().get(i), "category", i % 10));
      }
      c.walWriter().commit(batch);
      SealPlan.of(c).runLocally(c, 4000, 2);
      WalBatch tail = new WalBatch(); // rows after the build: each node searches its tail exactly
      for (int i = 4000; i < 5000; i++) {
        tail.insert(Map.of("id", (long) i, "vector", sift.base().get(i), "category", i % 10));
      }
      tail.delete(17L);
      c.walWriter().commit(tail);
    }
    int portA = freePort();
    int portB = freePort();
    ServerConfig base = ServerConfig.loopback(0);
    try (VectorlakeServer a = new VectorlakeServer(Warehouse.local(dir),
            base.withPort(portA).withShards(Set.of(0), List.of("127.0.0.1:" + portB))).start();
        VectorlakeServer b = new VectorlakeServer(Warehouse.local(dir),
            base.withPort(portB).withShards(Set.of(1), List.of("127.0.0.1:" + portA))).start();
        VectorlakeServer all = new VectorlakeServer(Warehouse.local(dir), base).start()) {
      MilvusClientV2 viaA = client(portA);
      MilvusClientV2 viaB = client(portB);
      MilvusClientV2 single = client(all.port());
      for (MilvusClientV2 client : List.of(viaA, viaB, single)) {
        client.loadCollection(LoadCollectionReq.builder().collectionName("sift").build());
      }
      // Each node loads only its shard; statistics count both, whichever node answers.
      assertEquals(4999, viaA.getCollectionStats(
          io.milvus.v2.service.collection.request.GetCollectionStatsReq.builder()
              .collectionName("sift").build()).getNumOfEntities());

      for (String filter : List.of("", "category in [1, 3]")) {
        List<List<Object>> expected = search(single, sift, filter);
        assertEquals(expected, search(viaA, sift, filter), "through node A, filter " + filter);
        assertEquals(expected, search(viaB, sift, filter), "through node B, filter " + filter);
      }
      assertEquals(4999, count(single, ""));
      assertEquals(4999, count(viaA, ""));
      assertEquals(count(single, "category == 3"), count(viaB, "category == 3"));

      QueryReq page = QueryReq.builder().collectionName("sift").filter("id < 300 and category == 2")
          .outputFields(List.of("id", "category")).offset(5).limit(12)
          .consistencyLevel(ConsistencyLevel.STRONG).build();
      assertEquals(single.query(page).getQueryResults().stream().map(r -> r.getEntity()).toList(),
          viaA.query(page).getQueryResults().stream().map(r -> r.getEntity()).toList());
      viaA.close();
      viaB.close();
      single.close();
    }
  }

  /**
   * Delete by filter, search by primary keys, HybridSearch, collection and partition statistics and
   * Session reads through node A for keys that live in node B's shard answer as one node holding
   * both shards would (checked through both nodes against a model of the rows).
   */
  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void everyRpcThroughOneNodeCoversTheOtherNodesShard() throws Exception {
    try (Warehouse warehouse = Warehouse.local(dir)) {
      Collection c = warehouse.createCollection(CollectionId.parse("parts"),
          CollectionSchema.builder()
              .field(FieldSchema.primaryKey("id", DataType.INT64))
              .field(FieldSchema.floatVector("vector", 4, MetricType.L2))
              .field(FieldSchema.builder("category", DataType.INT32))
              .shards(2)
              .build());
      WalBatch batch = new WalBatch();
      for (long i = 0; i < 200; i++) {
        batch.insert(Map.of("id", i, "vector", vector(i), "category", (int) (i % 5)));
      }
      c.walWriter().commit(batch);
    }
    int portA = freePort();
    int portB = freePort();
    // No background following: a node sees new writes only when a request asks for them.
    ServerConfig base = ServerConfig.loopback(0).withFollowInterval(Duration.ZERO);
    try (VectorlakeServer a = new VectorlakeServer(Warehouse.local(dir),
            base.withPort(portA).withShards(Set.of(0), List.of("127.0.0.1:" + portB))).start();
        VectorlakeServer b = new VectorlakeServer(Warehouse.local(dir),
            base.withPort(portB).withShards(Set.of(1), List.of("127.0.0.1:" + portA))).start();
        VectorlakeServer all = new VectorlakeServer(Warehouse.local(dir), base).start()) {
      MilvusClientV2 viaA = client(portA);
      MilvusClientV2 viaB = client(portB);
      MilvusClientV2 single = client(all.port());
      for (MilvusClientV2 client : List.of(viaA, viaB, single)) {
        client.loadCollection(LoadCollectionReq.builder().collectionName("parts").build());
      }
      long inB = LongStream.range(0, 200).filter(id -> Sharding.shardOf(id, 2) == 1)
          .findFirst().orElseThrow();

      for (MilvusClientV2 node : List.of(viaA, viaB)) {
        assertEquals(200, node.getCollectionStats(GetCollectionStatsReq.builder()
            .collectionName("parts").build()).getNumOfEntities());
        assertEquals(200, node.getPartitionStats(GetPartitionStatsReq.builder()
            .collectionName("parts").partitionName("_default").build()).getNumOfEntities());
      }

      SearchReq byKey = SearchReq.builder().collectionName("parts").ids(List.of((Object) inB))
          .limit(5).outputFields(List.of("category")).consistencyLevel(ConsistencyLevel.STRONG)
          .build();
      List<Object> nearest = hits(single.search(byKey));
      assertEquals(inB, ((List<?>) nearest.get(0)).get(0), "a key is its own nearest row");
      assertEquals(nearest, hits(viaA.search(byKey)), "search by a key of B's shard through A");

      HybridSearchReq hybrid = HybridSearchReq.builder().collectionName("parts")
          .searchRequests(List.of(
              AnnSearchReq.builder().vectorFieldName("vector")
                  .vectors(List.of(new FloatVec(vector(inB)))).limit(8).build(),
              AnnSearchReq.builder().vectorFieldName("vector")
                  .vectors(List.of(new FloatVec(vector(120)))).limit(8).filter("category != 0")
                  .build()))
          .ranker(new RRFRanker(60)).limit(6).outFields(List.of("category"))
          .consistencyLevel(ConsistencyLevel.STRONG).build();
      assertEquals(hits(single.hybridSearch(hybrid)), hits(viaA.hybridSearch(hybrid)));
      assertEquals(hits(single.hybridSearch(hybrid)), hits(viaB.hybridSearch(hybrid)));

      DeleteResp deleted = viaA.delete(DeleteReq.builder().collectionName("parts")
          .filter("category == 2").build());
      assertEquals(40, deleted.getDeleteCnt(), "rows of both shards match");
      for (MilvusClientV2 node : List.of(viaA, viaB, single)) {
        assertEquals(160, count(node, "parts", ""));
        assertEquals(0, count(node, "parts", "category == 2"));
      }

      // A client writes through A a row that lands in B's shard, and reads it back at Session.
      MilvusClientV2 session = client(portA);
      long newInB = LongStream.range(1000, 2000).filter(id -> Sharding.shardOf(id, 2) == 1)
          .findFirst().orElseThrow();
      JsonObject row = new JsonObject();
      row.addProperty("id", newInB);
      row.add("vector", Rows.vector(vector(newInB)));
      row.addProperty("category", 4);
      session.insert(InsertReq.builder().collectionName("parts").data(List.of(row)).build());
      assertEquals(1, session.query(QueryReq.builder().collectionName("parts")
          .filter("id == " + newInB).consistencyLevel(ConsistencyLevel.SESSION).build())
          .getQueryResults().size(), "the client's own write, held by B, read through A");
      for (MilvusClientV2 client : List.of(viaA, viaB, single, session)) {
        client.close();
      }
    }
  }

  private static float[] vector(long id) {
    return new float[] {id, id % 7, id % 3, 1};
  }

  /** Per query, the ids then "score:category" of each hit. */
  private static List<Object> hits(SearchResp response) {
    List<Object> out = new ArrayList<>();
    for (List<SearchResp.SearchResult> query : response.getSearchResults()) {
      out.add(query.stream().map(SearchResp.SearchResult::getId).toList());
      out.add(query.stream().map(h -> h.getScore() + ":" + h.getEntity().get("category"))
          .toList());
    }
    return out;
  }

  private static long count(MilvusClientV2 client, String collection, String filter) {
    QueryReq request = QueryReq.builder().collectionName(collection).filter(filter)
        .outputFields(List.of("count(*)")).consistencyLevel(ConsistencyLevel.STRONG).build();
    return (Long) client.query(request).getQueryResults().get(0).getEntity().get("count(*)");
  }

  /** Ids, scores and categories of 20 searches, top 10 after an offset of 3. */
  private static List<List<Object>> search(MilvusClientV2 client, AnnDataset sift, String filter) {
    List<BaseVector> vectors = new ArrayList<>();
    for (int q = 0; q < 20; q++) {
      vectors.add(new FloatVec(sift.queries().get(q)));
    }
    SearchReq.SearchReqBuilder request = SearchReq.builder().collectionName("sift").data(vectors)
        .limit(10).offset(3).outputFields(List.of("category"))
        .consistencyLevel(ConsistencyLevel.STRONG);
    if (!filter.isEmpty()) {
      request.filter(filter);
    }
    List<List<Object>> out = new ArrayList<>();
    for (List<SearchResp.SearchResult> hits : client.search(request.build()).getSearchResults()) {
      List<Object> query = new ArrayList<>();
      for (SearchResp.SearchResult hit : hits) {
        query.add(hit.getId() + ":" + hit.getScore() + ":" + hit.getEntity().get("category"));
      }
      out.add(query);
    }
    return out;
  }

  private static long count(MilvusClientV2 client, String filter) {
    QueryReq request = QueryReq.builder().collectionName("sift").filter(filter)
        .outputFields(List.of("count(*)")).consistencyLevel(ConsistencyLevel.STRONG).build();
    return (Long) client.query(request).getQueryResults().get(0).getEntity().get("count(*)");
  }

  private static MilvusClientV2 client(int port) {
    return new MilvusClientV2(ConnectConfig.builder().uri("http://127.0.0.1:" + port).build());
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
