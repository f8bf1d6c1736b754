package io.vectorlake.serving.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.google.gson.JsonObject;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.UpsertReq;
import io.milvus.v2.service.vector.response.InsertResp;
import io.milvus.v2.service.vector.response.QueryResp;
import io.milvus.v2.service.vector.response.UpsertResp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Upserts into an auto-id collection through the gRPC server and the Milvus Java SDK. */
@Timeout(120)
class AutoIdUpsertIT {
  /**
   * Issue 12.5 through gRPC: an upsert with pk 5 into an empty auto-id collection kept key 5
   * unreserved, and one of the next ten inserts was given key 5 and replaced the row. As in
   * Milvus, the upsert now inserts the row under a generated key (and deletes key 5).
   */
  @Test
  void upsertThenInsertsKeepEveryRowUnderAllocatedKeys(@TempDir Path dir) {
    try (ServerFixture fixture = ServerFixture.plain(dir)) {
      MilvusClientV2 client = fixture.client();
      client.createCollection(CreateCollectionReq.builder().collectionName("auto").dimension(2)
          .autoID(true).enableDynamicField(true).build());
      UpsertResp upserted = client.upsert(UpsertReq.builder().collectionName("auto")
          .data(List.of(row(5L, 100))).build());
      List<JsonObject> inserts = new ArrayList<>();
      for (int tag = 0; tag < 10; tag++) {
        inserts.add(row(null, tag));
      }
      InsertResp inserted = client.insert(InsertReq.builder().collectionName("auto")
          .data(inserts).build());

      assertEquals(1, upserted.getUpsertCnt());
      assertEquals(1, upserted.getPrimaryKeys().size());
      assertNotEquals(5L, upserted.getPrimaryKeys().get(0), "the carried key is not kept");
      assertEquals(10, inserted.getInsertCnt());
      List<QueryResp.QueryResult> rows = client.query(QueryReq.builder().collectionName("auto")
          .filter("id >= 0").outputFields(List.of("id", "tag")).limit(100)
          .consistencyLevel(ConsistencyLevel.STRONG).build()).getQueryResults();
      Map<Object, Object> tagOfKey = new HashMap<>();
      rows.forEach(r -> tagOfKey.put(r.getEntity().get("id"), r.getEntity().get("tag")));
      assertEquals(11, rows.size());
      assertEquals(LongStream.rangeClosed(1, 11).boxed().collect(Collectors.toSet()),
          tagOfKey.keySet(), "11 distinct keys, all handed out by the allocator");
      Set<Object> tags = new HashSet<>();
      tagOfKey.values().forEach(t -> tags.add(((Number) t).longValue()));
      Set<Object> written = LongStream.range(0, 10).boxed().collect(Collectors.toSet());
      written.add(100L);
      assertEquals(written, tags, "every written row survives, none replaced");
      assertEquals(100L, ((Number) tagOfKey.get(upserted.getPrimaryKeys().get(0))).longValue());
    }
  }

  private static JsonObject row(Long id, long tag) {
    JsonObject row = new JsonObject();
    if (id != null) {
      row.addProperty("id", id);
    }
    row.add("vector", Rows.vector(tag, 1));
    row.addProperty("tag", tag);
    return row;
  }
}
