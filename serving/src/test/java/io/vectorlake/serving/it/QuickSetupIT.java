package io.vectorlake.serving.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.InsertResp;
import io.milvus.v2.service.vector.response.SearchResp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickSetupIT {
  @TempDir Path dir;

  @Test
  void quickSetupCollectionInsertsAndSearches() {
    try (ServerFixture fixture = ServerFixture.plain(dir)) {
      MilvusClientV2 client = fixture.client();
      client.createCollection(CreateCollectionReq.builder()
          .collectionName("quick").dimension(4).metricType("L2").build());
      assertTrue(client.hasCollection(HasCollectionReq.builder().collectionName("quick").build()));
      List<JsonObject> rows = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        JsonObject row = new JsonObject();
        row.addProperty("id", (long) i);
        com.google.gson.JsonArray v = new com.google.gson.JsonArray();
        for (int j = 0; j < 4; j++) {
          v.add((float) i + j);
        }
        row.add("vector", v);
        row.addProperty("color", i % 2 == 0 ? "red" : "blue");
        rows.add(row);
      }
      InsertResp inserted = client.insert(
          InsertReq.builder().collectionName("quick").data(rows).build());
      assertEquals(10, inserted.getInsertCnt());
      SearchResp found = client.search(SearchReq.builder()
          .collectionName("quick")
          .data(List.of(new FloatVec(new float[] {3, 4, 5, 6})))
          .limit(3)
          .outputFields(List.of("color"))
          .consistencyLevel(ConsistencyLevel.STRONG)
          .build());
      List<SearchResp.SearchResult> hits = found.getSearchResults().get(0);
      assertEquals(3, hits.size());
      assertEquals(3L, hits.get(0).getId());
      assertEquals(0f, hits.get(0).getScore());
      assertEquals("blue", hits.get(0).getEntity().get("color"));
      assertEquals(4f, hits.get(1).getScore()); // squared L2 of (1,1,1,1)
    }
  }
}
