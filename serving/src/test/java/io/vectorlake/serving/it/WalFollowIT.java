package io.vectorlake.serving.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.vectorlake.catalog.wal.WalBatch;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import io.vectorlake.serving.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A loaded collection follows its WAL on its own: writes made by another writer (the catalog API,
 * as Flink or another node would write) become visible to Eventually reads within a bounded wait,
 * with no Strong read in between to trigger a refresh.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class WalFollowIT {
  @TempDir Path dir;

  @Test
  void anotherWritersRowsBecomeVisibleToEventuallyReads() throws Exception {
    ServerConfig config = new ServerConfig("127.0.0.1", 0, null, null, null, Duration.ofHours(1))
        .withFollowInterval(Duration.ofMillis(200));
    try (ServerFixture fixture = new ServerFixture(dir, config)) {
      MilvusClientV2 client = fixture.client();
      client.createCollection(CreateCollectionReq.builder().collectionName("followed")
          .dimension(2).build());
      JsonObject row = new JsonObject();
      row.addProperty("id", 1L);
      row.add("vector", Rows.vector(1, 0));
      client.insert(InsertReq.builder().collectionName("followed").data(List.of(row)).build());
      awaitCount(client, 1);

      try (Warehouse other = Warehouse.local(dir)) {
        WalBatch batch = new WalBatch();
        for (long id = 2; id <= 10; id++) {
          batch.insert(Map.of("id", id, "vector", new float[] {0, (float) id}));
        }
        other.loadCollection(CollectionId.parse("followed")).walWriter().commit(batch);
      }
      awaitCount(client, 10);
    }
  }

  /** Reads at Eventually until the count is {@code expected}; fails after 30 s. */
  private static void awaitCount(MilvusClientV2 client, long expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    long seen;
    do {
      seen = (Long) client.query(QueryReq.builder().collectionName("followed").filter("")
          .outputFields(List.of("count(*)")).consistencyLevel(ConsistencyLevel.EVENTUALLY).build())
          .getQueryResults().get(0).getEntity().get("count(*)");
      if (seen == expected) {
        return;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    assertEquals(expected, seen, "rows visible to Eventually after 30 s");
  }
}
