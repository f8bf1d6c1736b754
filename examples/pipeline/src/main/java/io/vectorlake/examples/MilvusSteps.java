package io.vectorlake.examples;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.vector.request.DeleteReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.BaseVector;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.QueryResp;
import io.milvus.v2.service.vector.response.SearchResp;
import io.vectorlake.catalog.dataset.AnnDataset;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The quickstart's serving steps, through the unmodified Milvus Java SDK. */
final class MilvusSteps implements AutoCloseable {
  private static final int K = 10;

  private final MilvusClientV2 client;
  private final String collection;
  private final PrintStream out;

  MilvusSteps(String uri, String database, String collection, PrintStream out) {
    this.client = new MilvusClientV2(ConnectConfig.builder().uri(uri).dbName(database).build());
    this.collection = collection;
    this.out = out;
    client.loadCollection(LoadCollectionReq.builder().collectionName(collection).build());
  }

  /** Searches every query; prints recall@10 against the ground truth minus {@code removed}. */
  void searchAll(AnnDataset set, Set<Long> removed) {
    double recall = 0;
    double[] millis = new double[set.queries().size()];
    for (int q = 0; q < set.queries().size(); q++) {
      long started = System.nanoTime();
      List<SearchResp.SearchResult> hits = search(set.queries().get(q), K, null).get(0);
      millis[q] = (System.nanoTime() - started) / 1e6;
      recall += set.recall(q, hits.stream().mapToLong(h -> ((Number) h.getId()).longValue()).toArray(),
          K, removed);
    }
    Arrays.sort(millis);
    out.printf("      %d searches through the Milvus SDK (top %d, Strong): recall@%d = %.3f,"
            + " latency p50 %.2f ms, p99 %.2f ms%n", millis.length, K, K,
        recall / set.queries().size(), millis[millis.length / 2],
        millis[(int) Math.ceil(millis.length * 0.99) - 1]);
  }

  void showExamples(AnnDataset set) {
    List<SearchResp.SearchResult> top = search(set.queries().get(0), 5, null).get(0);
    out.printf("      query 0, top 5 (id: squared L2 distance): %s%n", Arrays.toString(top.stream()
        .map(h -> h.getId() + ": " + Math.round(h.getScore())).toArray()));
    List<SearchResp.SearchResult> filtered = search(set.queries().get(0), 5, "category == 3").get(0);
    out.printf("      query 0 with filter 'category == 3': %s%n", Arrays.toString(filtered.stream()
        .map(h -> h.getId() + " (category " + h.getEntity().get("category") + ")").toArray()));
    QueryResp count = client.query(QueryReq.builder().collectionName(collection)
        .filter("id < 100 and category in [1, 2]").outputFields(List.of("count(*)"))
        .consistencyLevel(ConsistencyLevel.STRONG).build());
    out.printf("      query 'id < 100 and category in [1, 2]', count(*): %s%n",
        count.getQueryResults().get(0).getEntity().get("count(*)"));
  }

  /** Deletes the nearest neighbour of the first five queries; returns their ids. */
  Set<Long> deleteNearest(AnnDataset set) {
    Set<Long> ids = new HashSet<>();
    for (int q = 0; q < 5; q++) {
      ids.add((long) set.groundTruth().get(q)[0]);
    }
    client.delete(DeleteReq.builder().collectionName(collection).ids(new ArrayList<>(ids)).build());
    return ids;
  }

  void showGone(AnnDataset set, Set<Long> deleted) {
    for (int q = 0; q < 5; q++) {
      long id = set.groundTruth().get(q)[0];
      boolean gone = search(set.queries().get(q), K, null).get(0).stream()
          .noneMatch(h -> ((Number) h.getId()).longValue() == id);
      out.printf("      query %d: deleted id %d %s%n", q, id,
          gone ? "is gone from the results" : "IS STILL RETURNED");
    }
  }

  private List<List<SearchResp.SearchResult>> search(float[] query, int k, String filter) {
    List<BaseVector> data = List.of(new FloatVec(query));
    SearchReq.SearchReqBuilder request = SearchReq.builder().collectionName(collection)
        .annsField("vector").data(data).limit(k).outputFields(List.of("category"))
        .searchParams(Map.of("ef", 100)).consistencyLevel(ConsistencyLevel.STRONG);
    if (filter != null) {
      request.filter(filter);
    }
    return client.search(request.build()).getSearchResults();
  }

  @Override
  public void close() {
    client.close();
  }
}
