package io.vectorlake.serving.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.vector.request.DeleteReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.UpsertReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writers and Strong readers at once: every read answers, and the end state is exact. */
class ConcurrentLoadIT {
  @TempDir Path dir;

  private static JsonObject row(long id, float x) {
    JsonObject row = new JsonObject();
    row.addProperty("id", id);
    row.add("vector", Rows.vector(x, 1));
    return row;
  }

  @Test
  void writersAndStrongReadersTogether() throws Exception {
    try (ServerFixture fixture = ServerFixture.plain(dir)) {
      MilvusClientV2 client = fixture.client();
      client.createCollection(CreateCollectionReq.builder().collectionName("busy").dimension(2)
          .metricType("L2").build());
      ExecutorService pool = Executors.newFixedThreadPool(6);
      List<Future<?>> work = new ArrayList<>();
      for (int w = 0; w < 3; w++) {
        int writer = w;
        work.add(pool.submit(() -> {
          for (int batch = 0; batch < 5; batch++) {
            List<JsonObject> rows = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
              long id = writer * 1000L + batch * 20 + i;
              rows.add(row(id, id));
            }
            client.insert(InsertReq.builder().collectionName("busy").data(rows).build());
            client.upsert(UpsertReq.builder().collectionName("busy")
                .data(List.of(row(writer * 1000L + batch * 20, -1))).build());
            client.delete(DeleteReq.builder().collectionName("busy")
                .ids(List.of(writer * 1000L + batch * 20 + 1)).build());
          }
        }));
      }
      for (int r = 0; r < 3; r++) {
        work.add(pool.submit(() -> {
          for (int i = 0; i < 15; i++) {
            client.search(SearchReq.builder().collectionName("busy")
                .data(List.of(new FloatVec(new float[] {i, 1}))).limit(5).filter("id >= 0")
                .consistencyLevel(ConsistencyLevel.STRONG).build());
          }
        }));
      }
      for (Future<?> f : work) {
        f.get();
      }
      pool.shutdown();
      long count = (Long) client.query(QueryReq.builder().collectionName("busy")
          .outputFields(List.of("count(*)")).consistencyLevel(ConsistencyLevel.STRONG).build())
          .getQueryResults().get(0).getEntity().get("count(*)");
      assertEquals(3 * 5 * 19, count);
    }
  }
}
