package io.vectorlake.serving.it;

import static io.vectorlake.serving.it.Rows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.partition.request.CreatePartitionReq;
import io.milvus.v2.service.vector.request.DeleteReq;
import io.milvus.v2.service.vector.request.GetReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.UpsertReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.QueryResp;
import io.milvus.v2.service.vector.response.SearchResp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchAndQueryIT {
  ServerFixture fixture;
  MilvusClientV2 client;

  @BeforeAll
  void start(@TempDir Path dir) {
    fixture = ServerFixture.plain(dir);
    client = fixture.client();
  }

  @AfterAll
  void stop() {
    fixture.close();
  }

  private void insertSample(String collection) {
    List<JsonObject> rows = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      JsonObject r = row(i, new float[] {i, 1, 0, 0}, "t" + i);
      if (i % 2 == 0) {
        r.addProperty("score", i * 10);
      }
      if (i < 5) {
        r.addProperty("weight", 2.5f);
      }
      com.google.gson.JsonArray tags = new com.google.gson.JsonArray();
      tags.add(i % 3 == 0 ? "fizz" : "plain");
      r.add("tags", tags);
      JsonObject meta = new JsonObject();
      meta.addProperty("n", i);
      r.add("meta", meta);
      r.addProperty("color", i % 2 == 0 ? "red" : "blue"); // dynamic
      rows.add(r);
    }
    assertEquals(20, client.insert(InsertReq.builder().collectionName(collection).data(rows)
        .build()).getInsertCnt());
  }

  private List<SearchResp.SearchResult> search(String collection, float[] q, int limit,
      String filter, List<String> output) {
    var req = SearchReq.builder().collectionName(collection)
        .data(List.of(new FloatVec(q))).limit(limit).consistencyLevel(ConsistencyLevel.STRONG);
    if (filter != null) {
      req.filter(filter);
    }
    if (output != null) {
      req.outputFields(output);
    }
    return client.search(req.build()).getSearchResults().get(0);
  }

  @Test
  void searchSeesInsertsAtStrongConsistencyWithFieldsAndDynamicKeys() {
    Rows.createFull(client, "strong", IndexParam.MetricType.L2);
    insertSample("strong");
    List<SearchResp.SearchResult> hits =
        search("strong", new float[] {3.2f, 1, 0, 0}, 3, null, List.of("*"));
    assertEquals(List.of(3L, 4L, 2L), hits.stream().map(SearchResp.SearchResult::getId).toList());
    assertEquals(0.04f, hits.get(0).getScore(), 1e-4);
    Map<String, Object> e = hits.get(0).getEntity();
    assertEquals("t3", e.get("title"));
    assertNull(e.get("score"));
    assertEquals(2.5f, (Float) e.get("weight"));
    assertEquals("blue", e.get("color"));
    assertEquals(List.of("fizz"), e.get("tags"));
    assertEquals(4, ((List<?>) e.get("vec")).size());
    assertEquals(40, hits.get(1).getEntity().get("score"));
    assertEquals(1.5f, (Float) search("strong", new float[] {9, 1, 0, 0}, 1, null,
        List.of("weight")).get(0).getEntity().get("weight"));
  }

  @Test
  void searchWithFilterTemplatesOffsetAndSeveralQueries() {
    Rows.createFull(client, "filtered", IndexParam.MetricType.L2);
    insertSample("filtered");
    SearchResp resp = client.search(SearchReq.builder().collectionName("filtered")
        .data(List.of(new FloatVec(new float[] {0, 1, 0, 0}), new FloatVec(new float[] {19, 1,
            0, 0})))
        .limit(2).offset(1)
        .filter("color == {c} and id < {max}")
        .filterTemplateValues(Map.of("c", "red", "max", 15L))
        .outputFields(List.of("color"))
        .consistencyLevel(ConsistencyLevel.STRONG).build());
    assertEquals(2, resp.getSearchResults().size());
    assertEquals(List.of(2L, 4L),
        resp.getSearchResults().get(0).stream().map(SearchResp.SearchResult::getId).toList());
    assertEquals(List.of(12L, 10L),
        resp.getSearchResults().get(1).stream().map(SearchResp.SearchResult::getId).toList());
    assertEquals("red", resp.getSearchResults().get(1).get(0).getEntity().get("color"));
  }

  @Test
  void ipAndCosineScoresFollowMilvus() {
    Rows.createFull(client, "ip", IndexParam.MetricType.IP);
    Rows.createFull(client, "cos", IndexParam.MetricType.COSINE);
    for (String name : List.of("ip", "cos")) {
      client.insert(InsertReq.builder().collectionName(name).data(List.of(
          row(1, new float[] {1, 0, 0, 0}, "a"), row(2, new float[] {3, 4, 0, 0}, "b"),
          row(3, new float[] {-1, 0, 0, 0}, "c"))).build());
    }
    List<SearchResp.SearchResult> ip = search("ip", new float[] {1, 1, 0, 0}, 3, null, null);
    assertEquals(List.of(2L, 1L, 3L), ip.stream().map(SearchResp.SearchResult::getId).toList());
    assertEquals(7f, ip.get(0).getScore(), 1e-5);
    assertEquals(-1f, ip.get(2).getScore(), 1e-5);
    List<SearchResp.SearchResult> cos = search("cos", new float[] {1, 1, 0, 0}, 3, null, null);
    assertEquals(List.of(2L, 1L, 3L), cos.stream().map(SearchResp.SearchResult::getId).toList());
    assertEquals(7 / (5 * Math.sqrt(2)), cos.get(0).getScore(), 1e-5);
    assertEquals(-1 / Math.sqrt(2), cos.get(2).getScore(), 1e-5);
  }

  @Test
  void queryFiltersCountsAndGetsByIds() {
    Rows.createFull(client, "queried", IndexParam.MetricType.L2);
    insertSample("queried");
    List<QueryResp.QueryResult> red = Rows.query(client, "queried",
        "color == \"red\" and score >= 100", List.of("title", "color"));
    assertEquals(List.of(10L, 12L, 14L, 16L, 18L),
        red.stream().map(r -> r.getEntity().get("id")).toList());
    assertEquals("t10", red.get(0).getEntity().get("title"));
    assertEquals("red", red.get(0).getEntity().get("color"));
    List<QueryResp.QueryResult> count = Rows.query(client, "queried",
        "array_contains(tags, \"fizz\")", List.of("count(*)"));
    assertEquals(7L, count.get(0).getEntity().get("count(*)"));
    List<QueryResp.QueryResult> page = client.query(QueryReq.builder().collectionName("queried")
        .limit(3).offset(2).consistencyLevel(ConsistencyLevel.STRONG).build()).getQueryResults();
    assertEquals(List.of(2L, 3L, 4L), page.stream().map(r -> r.getEntity().get("id")).toList());
    List<QueryResp.QueryResult> got = client.get(GetReq.builder().collectionName("queried")
        .ids(List.of(5L, 7L, 99L)).outputFields(List.of("title")).build()).getGetResults();
    assertEquals(List.of("t5", "t7"), got.stream().map(r -> r.getEntity().get("title")).toList());
  }

  @Test
  void upsertReplacesAndDeleteRemoves() {
    Rows.createFull(client, "changing", IndexParam.MetricType.L2);
    insertSample("changing");
    long upserted = client.upsert(UpsertReq.builder().collectionName("changing")
        .data(List.of(row(3, new float[] {100, 1, 0, 0}, "moved"))).build()).getUpsertCnt();
    assertEquals(1, upserted);
    List<SearchResp.SearchResult> near = search("changing", new float[] {100, 1, 0, 0}, 1, null,
        List.of("title"));
    assertEquals(3L, near.get(0).getId());
    assertEquals("moved", near.get(0).getEntity().get("title"));
    assertEquals(2, client.delete(DeleteReq.builder().collectionName("changing")
        .ids(List.of(3L, 4L)).build()).getDeleteCnt());
    assertEquals(5, client.delete(DeleteReq.builder().collectionName("changing")
        .filter("id >= 15").build()).getDeleteCnt());
    List<QueryResp.QueryResult> left = Rows.query(client, "changing", "id >= 0",
        List.of("count(*)"));
    assertEquals(13L, left.get(0).getEntity().get("count(*)"));
    assertTrue(search("changing", new float[] {100, 1, 0, 0}, 20, null, null).stream()
        .noneMatch(h -> List.of(3L, 4L, 15L, 19L).contains((Long) h.getId())));
  }

  @Test
  void partitionsScopeInsertsSearchesAndQueries() {
    Rows.createFull(client, "parted", IndexParam.MetricType.L2);
    client.createPartition(CreatePartitionReq.builder().collectionName("parted")
        .partitionName("spring").build());
    client.insert(InsertReq.builder().collectionName("parted").partitionName("spring")
        .data(List.of(row(1, new float[] {1, 0, 0, 0}, "in spring"))).build());
    client.insert(InsertReq.builder().collectionName("parted")
        .data(List.of(row(2, new float[] {1, 0, 0, 0}, "in default"))).build());
    SearchResp resp = client.search(SearchReq.builder().collectionName("parted")
        .partitionNames(List.of("spring")).data(List.of(new FloatVec(new float[] {1, 0, 0, 0})))
        .limit(5).consistencyLevel(ConsistencyLevel.STRONG).build());
    assertEquals(List.of(1L),
        resp.getSearchResults().get(0).stream().map(SearchResp.SearchResult::getId).toList());
    List<QueryResp.QueryResult> inDefault = client.query(QueryReq.builder()
        .collectionName("parted").partitionNames(List.of("_default")).filter("id > 0")
        .consistencyLevel(ConsistencyLevel.STRONG).build()).getQueryResults();
    assertEquals(List.of(2L), inDefault.stream().map(r -> r.getEntity().get("id")).toList());
  }

  @Test
  void varcharKeysWorkForSearchGetAndDelete() {
    client.createCollection(io.milvus.v2.service.collection.request.CreateCollectionReq.builder()
        .collectionName("named").dimension(2).metricType("IP")
        .idType(io.milvus.v2.common.DataType.VarChar).maxLength(16).build());
    List<JsonObject> rows = new ArrayList<>();
    for (String key : List.of("alpha", "beta", "gamma")) {
      JsonObject r = new JsonObject();
      r.addProperty("id", key);
      r.add("vector", Rows.vector(key.length(), 1));
      rows.add(r);
    }
    var inserted = client.insert(InsertReq.builder().collectionName("named").data(rows).build());
    assertEquals(List.of("alpha", "beta", "gamma"), inserted.getPrimaryKeys());
    List<SearchResp.SearchResult> hits = search("named", new float[] {1, 0}, 3, null, null);
    assertEquals(List.of("alpha", "gamma", "beta"),
        hits.stream().map(SearchResp.SearchResult::getId).toList());
    assertEquals(5f, hits.get(0).getScore(), 1e-6);
    client.delete(DeleteReq.builder().collectionName("named").ids(List.of("gamma")).build());
    List<QueryResp.QueryResult> left = client.get(GetReq.builder().collectionName("named")
        .ids(List.of("alpha", "gamma")).build()).getGetResults();
    assertEquals(List.of("alpha"), left.stream().map(r -> r.getEntity().get("id")).toList());
  }

  @Test
  void searchByPrimaryKeysUsesTheirStoredVectors() {
    Rows.createFull(client, "bykey", IndexParam.MetricType.L2);
    insertSample("bykey");
    SearchResp resp = client.search(SearchReq.builder().collectionName("bykey")
        .ids(List.of(7L, 12L)).limit(2).consistencyLevel(ConsistencyLevel.STRONG).build());
    assertEquals(List.of(7L, 6L),
        resp.getSearchResults().get(0).stream().map(SearchResp.SearchResult::getId).toList());
    assertEquals(12L, resp.getSearchResults().get(1).get(0).getId());
    var e = org.junit.jupiter.api.Assertions.assertThrows(
        io.milvus.v2.exception.MilvusClientException.class,
        () -> client.search(SearchReq.builder().collectionName("bykey").ids(List.of(404L))
            .limit(2).consistencyLevel(ConsistencyLevel.STRONG).build()));
    assertTrue(e.getMessage().contains("has no row with it"), e.getMessage());
  }

  @Test
  void queryIteratorPagesThroughEveryRow() {
    Rows.createFull(client, "paged", IndexParam.MetricType.L2);
    insertSample("paged");
    var iterator = client.queryIterator(io.milvus.v2.service.vector.request.QueryIteratorReq
        .builder().collectionName("paged").expr("id >= 0").batchSize(7)
        .outputFields(List.of("title")).consistencyLevel(ConsistencyLevel.STRONG).build());
    List<Object> ids = new ArrayList<>();
    for (var batch = iterator.next(); !batch.isEmpty(); batch = iterator.next()) {
      batch.forEach(r -> ids.add(r.get("id")));
    }
    iterator.close();
    assertEquals(java.util.stream.LongStream.range(0, 20).boxed().toList(), ids);
  }
}
