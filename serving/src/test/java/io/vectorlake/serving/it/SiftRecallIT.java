package io.vectorlake.serving.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.utility.request.FlushReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.BaseVector;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.SearchResp;
import io.vectorlake.catalog.dataset.AnnDataset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exact search through the SDK finds SIFT's ground-truth neighbours. */
class SiftRecallIT {
  @TempDir Path dir;

  @Test
  void exactSearchRecallAt10IsAtLeast099() throws Exception {
    AnnDataset data = AnnDataset.load(Path.of("../../shared/data/sift-5k-128-euclidean"));
    try (ServerFixture fixture = ServerFixture.plain(dir)) {
      MilvusClientV2 client = fixture.client();
      client.createCollection(CreateCollectionReq.builder().collectionName("sift")
          .dimension(data.dimension()).metricType("L2").build());
      // Concurrent inserts of 500 rows each: they share group commits.
      ExecutorService writers = Executors.newFixedThreadPool(4);
      List<Future<?>> done = new ArrayList<>();
      for (int start = 0; start < data.base().size(); start += 500) {
        int from = start;
        done.add(writers.submit(() -> {
          List<JsonObject> rows = new ArrayList<>();
          for (int i = from; i < Math.min(from + 500, data.base().size()); i++) {
            JsonObject row = new JsonObject();
            row.addProperty("id", (long) i);
            row.add("vector", Rows.vector(data.base().get(i)));
            rows.add(row);
          }
          client.insert(InsertReq.builder().collectionName("sift").data(rows).build());
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      writers.shutdown();
      client.flush(FlushReq.builder().collectionNames(List.of("sift")).build());
      int queries = Math.min(100, data.queries().size());
      List<BaseVector> vectors = new ArrayList<>();
      for (int q = 0; q < queries; q++) {
        vectors.add(new FloatVec(data.queries().get(q)));
      }
      SearchResp resp = client.search(SearchReq.builder().collectionName("sift").data(vectors)
          .limit(10).consistencyLevel(ConsistencyLevel.STRONG).build());
      double recall = 0;
      for (int q = 0; q < queries; q++) {
        long[] ids = resp.getSearchResults().get(q).stream()
            .mapToLong(r -> (Long) r.getId()).toArray();
        recall += data.recall(q, ids, 10, Set.of());
      }
      recall /= queries;
      System.out.printf("SIFT 5k exact search through MilvusClientV2: recall@10 = %.4f%n", recall);
      assertTrue(recall >= 0.99, "recall@10 " + recall);
    }
  }
}
