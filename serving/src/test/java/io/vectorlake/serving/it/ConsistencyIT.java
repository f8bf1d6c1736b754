package io.vectorlake.serving.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.vectorlake.serving.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each consistency level shows one client of another client's writes, and of its own. */
class ConsistencyIT {
  @TempDir Path dir;

  private static long count(MilvusClientV2 client, ConsistencyLevel level) {
    return (Long) client.query(QueryReq.builder().collectionName("levels").filter("id >= 0")
        .outputFields(List.of("count(*)")).consistencyLevel(level).build())
        .getQueryResults().get(0).getEntity().get("count(*)");
  }

  @Test
  void levelsDecideWhetherAnotherClientsWriteIsVisible() {
    // A staleness bound far longer than the test: Bounded never refreshes on age here.
    // No background WAL following either: what is visible changes only by the reads below.
    ServerConfig config = new ServerConfig("127.0.0.1", 0, null, null, null, Duration.ofHours(1))
        .withFollowInterval(Duration.ZERO);
    try (ServerFixture fixture = new ServerFixture(dir, config)) {
      MilvusClientV2 writer = fixture.client();
      MilvusClientV2 reader = fixture.client();
      writer.createCollection(CreateCollectionReq.builder().collectionName("levels")
          .dimension(2).build());
      JsonObject row = new JsonObject();
      row.addProperty("id", 1L);
      row.add("vector", Rows.vector(1, 0));
      writer.insert(InsertReq.builder().collectionName("levels").data(List.of(row)).build());

      assertEquals(0, count(reader, ConsistencyLevel.EVENTUALLY));
      assertEquals(0, count(reader, ConsistencyLevel.BOUNDED));
      assertEquals(0, count(reader, ConsistencyLevel.SESSION)); // the reader wrote nothing
      assertEquals(1, count(writer, ConsistencyLevel.SESSION)); // its own write
      assertEquals(1, count(reader, ConsistencyLevel.EVENTUALLY)); // now loaded for everyone

      writer.insert(InsertReq.builder().collectionName("levels").data(List.of(
          withId(row, 2L))).build());
      assertEquals(1, count(reader, ConsistencyLevel.BOUNDED));
      assertEquals(2, count(reader, ConsistencyLevel.STRONG));
    }
  }

  private static JsonObject withId(JsonObject row, long id) {
    JsonObject copy = row.deepCopy();
    copy.addProperty("id", id);
    return copy;
  }
}
