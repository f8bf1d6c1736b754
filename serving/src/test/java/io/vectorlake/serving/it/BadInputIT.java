package io.vectorlake.serving.it;

import static io.vectorlake.serving.it.Rows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.exception.MilvusClientException;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.ReleaseCollectionReq;
import io.milvus.v2.service.utility.request.CreateAliasReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Every bad request gets an error saying what to fix, and the server keeps answering. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {
  ServerFixture fixture;
  MilvusClientV2 client;

  @BeforeAll
  void start(@TempDir Path dir) {
    fixture = ServerFixture.plain(dir);
    client = fixture.client();
    Rows.createFull(client, "target", IndexParam.MetricType.L2);
    client.insert(InsertReq.builder().collectionName("target").data(List.of(
        row(1, new float[] {1, 0, 0, 0}, "a"), row(2, new float[] {0, 1, 0, 0}, "b"))).build());
  }

  @AfterAll
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  /** After each bad request, a good search still answers. */
  @AfterEach
  void serverStillServes() {
    assertEquals(1L, search(new float[] {1, 0, 0, 0}, 1).getSearchResults().get(0).get(0).getId());
  }

  private io.milvus.v2.service.vector.response.SearchResp search(float[] q, int limit) {
    return client.search(SearchReq.builder().collectionName("target").data(List.of(
        new FloatVec(q))).limit(limit).consistencyLevel(ConsistencyLevel.STRONG).build());
  }

  private static void fails(String expected, Executable call) {
    MilvusClientException e = assertThrows(MilvusClientException.class, call);
    assertTrue(e.getMessage().contains(expected),
        "expected a message containing \"" + expected + "\", got: " + e.getMessage());
  }

  @Test
  void wrongDimensionOnSearchAndInsert() {
    fails("has dim 3, but vector field 'vec' has dim 4", () -> search(new float[] {1, 2, 3}, 1));
    // The SDK checks an insert's dimension against DescribeCollection before sending it.
    fails("dimension: 2 is not equal to field's dimension: 4", () -> client.insert(InsertReq.builder()
        .collectionName("target").data(List.of(row(5, new float[] {1, 2}, "x"))).build()));
  }

  @Test
  void topKOutOfRange() {
    fails("topk (limit) must be in [1, 16384], got 0", () -> search(new float[] {1, 0, 0, 0}, 0));
    fails("topk (limit) must be in [1, 16384], got 16385",
        () -> search(new float[] {1, 0, 0, 0}, 16385));
  }

  @Test
  void nanInQueryAndInRow() {
    fails("component 1 is NaN", () -> search(new float[] {1, Float.NaN, 0, 0}, 1));
    fails("must be finite", () -> client.insert(InsertReq.builder().collectionName("target")
        .data(List.of(row(6, new float[] {Float.NaN, 0, 0, 0}, "x"))).build()));
  }

  @Test
  void unknownCollectionFieldAndPartition() {
    fails("collection 'nowhere' does not exist", () -> client.search(SearchReq.builder()
        .collectionName("nowhere").data(List.of(new FloatVec(new float[] {1, 0, 0, 0})))
        .limit(1).build()));
    fails("annsField 'nope' does not exist", () -> client.search(SearchReq.builder()
        .collectionName("target").annsField("nope").data(List.of(new FloatVec(new float[] {1, 0,
            0, 0}))).limit(1).build()));
    fails("partition 'ghost' does not exist", () -> client.search(SearchReq.builder()
        .collectionName("target").partitionNames(List.of("ghost")).data(List.of(new FloatVec(
            new float[] {1, 0, 0, 0}))).limit(1).build()));
    fails("partition 'ghost' does not exist", () -> client.insert(InsertReq.builder()
        .collectionName("target").partitionName("ghost")
        .data(List.of(row(7, new float[] {1, 0, 0, 0}, "x"))).build()));
  }

  @Test
  void badFilterNamesThePosition() {
    fails("filter expression error", () -> client.query(QueryReq.builder()
        .collectionName("target").filter("id >>> 3").build()));
    fails("a query without a filter needs a limit", () -> client.query(QueryReq.builder()
        .collectionName("target").build()));
  }

  @Test
  void unloadedCollectionAndBadSchema() {
    client.createCollection(CreateCollectionReq.builder().collectionName("cold").dimension(4)
        .build());
    client.releaseCollection(ReleaseCollectionReq.builder().collectionName("cold").build());
    fails("is not loaded; call loadCollection first", () -> client.search(SearchReq.builder()
        .collectionName("cold").data(List.of(new FloatVec(new float[] {1, 0, 0, 0}))).limit(1)
        .build()));
    fails("dim must be in [1, 32768], got 0", () -> client.createCollection(
        CreateCollectionReq.builder().collectionName("flat").dimension(0).build()));
  }

  @Test
  void unimplementedRpcNamesItself() {
    fails("CreateAlias is unimplemented", () -> client.createAlias(CreateAliasReq.builder()
        .collectionName("target").alias("t").build()));
  }
}
