package io.vectorlake.serving.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.vector.request.DeleteReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.BaseVector;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.SearchResp;
import io.vectorlake.catalog.dataset.AnnDataset;
import io.vectorlake.catalog.segment.CompactionPlan;
import io.vectorlake.catalog.segment.SealPlan;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Search through the SDK over sealed, indexed segments plus the WAL tail: recall on SIFT after a
 * build, deletes and inserts after the build, a second build, a compaction and a restart. The
 * segments are built with the catalog's in-process seal (the same sealing code the Spark job runs).
 */
class SegmentSearchIT {
  @TempDir Path dir;

  @Test
  void searchOverBuiltSegmentsKeepsRecallAndSeesLaterChanges() throws Exception {
    AnnDataset sift = AnnDataset.load(Path.of("../../shared/data/sift-5k-128-euclidean"));
    try (ServerFixture fixture = ServerFixture.plain(dir)) {
      MilvusClientV2 client = fixture.client();
      client.createCollection(CreateCollectionReq.builder().collectionName("sift")
          .dimension(128).metricType("L2").build());
      // Quick setup creates an AUTOINDEX on the vector field: the builder's default graph.
      insert(client, sift, 0, 4500);

      seal(2000);
      Set<Long> notYetInserted = new HashSet<>();
      for (long id = 4500; id < 5000; id++) {
        notYetInserted.add(id);
      }
      assertEquals(3, recallAtLeast(client, sift, notYetInserted, 0.95), "4,500 rows, 3 segments");
      assertTrue(recall(client, sift, notYetInserted, 10) < recall(client, sift, notYetInserted, 200),
          "the ef search param widens the graph search");
      io.milvus.v2.exception.MilvusClientException badEf = org.junit.jupiter.api.Assertions.assertThrows(
          io.milvus.v2.exception.MilvusClientException.class, () -> client.search(SearchReq.builder()
              .collectionName("sift").data(List.of(new FloatVec(sift.queries().get(0)))).limit(10)
              .searchParams(java.util.Map.of("ef", -3)).build()));
      assertTrue(badEf.getMessage().contains("ef must be a whole number in [1, 32768], got -3"),
          badEf.getMessage());

      var index = client.describeIndex(io.milvus.v2.service.index.request.DescribeIndexReq.builder()
          .collectionName("sift").fieldName("vector").build()).getIndexDescByFieldName("vector");
      assertEquals(4500, index.getIndexedRows(), "the builder indexed every sealed row");
      assertEquals(4500, index.getTotalRows());

      // A filter keeping 40 rows: each segment is scanned exactly, so the answer is exact.
      SearchResp few = client.search(SearchReq.builder().collectionName("sift")
          .data(List.of(new FloatVec(sift.queries().get(0)))).limit(10).filter("id < 40")
          .consistencyLevel(ConsistencyLevel.STRONG).build());
      List<Long> expected = new ArrayList<>();
      java.util.stream.LongStream.range(0, 40).boxed()
          .sorted(java.util.Comparator.comparingDouble(id -> l2(sift.base().get(id.intValue()),
              sift.queries().get(0))))
          .limit(10).forEach(expected::add);
      assertEquals(expected, few.getSearchResults().get(0).stream().map(r -> (Long) r.getId()).toList());

      insert(client, sift, 4500, 5000); // the tail, searched exactly beside the segments
      Set<Long> deleted = new HashSet<>();
      for (int q = 0; q < 20; q++) {
        deleted.add((long) sift.groundTruth().get(q)[0]);
      }
      client.delete(DeleteReq.builder().collectionName("sift").ids(new ArrayList<>(deleted)).build());
      recallAtLeast(client, sift, deleted, 0.95);
      assertEquals(5000 - deleted.size(), count(client));

      seal(2000); // the deletes become tombstones, the tail new segments
      recallAtLeast(client, sift, deleted, 0.95);
      try (Warehouse warehouse = Warehouse.local(dir)) {
        Collection c = warehouse.loadCollection(CollectionId.parse("sift"));
        CompactionPlan.of(c, 0.001, 10, true).runLocally(c, 3000, 2);
      }
      recallAtLeast(client, sift, deleted, 0.95);
      assertEquals(5000 - deleted.size(), count(client));

      fixture.restart();
      MilvusClientV2 again = fixture.client();
      recallAtLeast(again, sift, deleted, 0.95);
      assertEquals(5000 - deleted.size(), count(again));
    }
  }

  private void seal(int targetRows) throws Exception {
    try (Warehouse warehouse = Warehouse.local(dir)) {
      Collection c = warehouse.loadCollection(CollectionId.parse("sift"));
      SealPlan.of(c).runLocally(c, targetRows, 2);
    }
  }

  /** Searches 100 queries at Strong consistency; returns the segments searched. */
  private int recallAtLeast(MilvusClientV2 client, AnnDataset sift, Set<Long> removed, double min)
      throws Exception {
    List<BaseVector> vectors = new ArrayList<>();
    for (float[] q : sift.queries()) {
      vectors.add(new FloatVec(q));
    }
    SearchResp resp = client.search(SearchReq.builder().collectionName("sift").data(vectors)
        .limit(10).consistencyLevel(ConsistencyLevel.STRONG).build());
    double recall = 0;
    for (int q = 0; q < sift.queries().size(); q++) {
      long[] ids = resp.getSearchResults().get(q).stream().mapToLong(r -> (Long) r.getId()).toArray();
      for (long id : ids) {
        assertTrue(!removed.contains(id), "deleted id " + id + " came back");
      }
      recall += sift.recall(q, ids, 10, removed);
    }
    recall /= sift.queries().size();
    assertTrue(recall >= min, "recall@10 " + recall);
    try (Warehouse warehouse = Warehouse.local(dir)) {
      Collection c = warehouse.loadCollection(CollectionId.parse("sift"));
      return c.segmentsAt(c.walPosition()).liveRows().size();
    }
  }

  private static double recall(MilvusClientV2 client, AnnDataset sift, Set<Long> removed, int ef) {
    List<BaseVector> vectors = new ArrayList<>();
    for (float[] q : sift.queries()) {
      vectors.add(new FloatVec(q));
    }
    SearchResp resp = client.search(SearchReq.builder().collectionName("sift").data(vectors)
        .limit(10).searchParams(java.util.Map.of("ef", ef)).consistencyLevel(ConsistencyLevel.STRONG)
        .build());
    double recall = 0;
    for (int q = 0; q < sift.queries().size(); q++) {
      recall += sift.recall(q, resp.getSearchResults().get(q).stream()
          .mapToLong(r -> (Long) r.getId()).toArray(), 10, removed);
    }
    return recall / sift.queries().size();
  }

  private static double l2(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return sum;
  }

  private static long count(MilvusClientV2 client) {
    return (Long) client.query(QueryReq.builder().collectionName("sift").filter("")
        .outputFields(List.of("count(*)")).consistencyLevel(ConsistencyLevel.STRONG).build())
        .getQueryResults().get(0).getEntity().get("count(*)");
  }

  private static void insert(MilvusClientV2 client, AnnDataset sift, int from, int to) {
    List<JsonObject> rows = new ArrayList<>();
    for (int i = from; i < to; i++) {
      JsonObject row = new JsonObject();
      row.addProperty("id", (long) i);
      row.add("vector", Rows.vector(sift.base().get(i)));
      rows.add(row);
    }
    client.insert(InsertReq.builder().collectionName("sift").data(rows).build());
  }
}
