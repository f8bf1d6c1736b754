package io.vectorlake.serving.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.SearchResp;
import io.vectorlake.catalog.wal.WalBatch;
import io.vectorlake.catalog.wal.WalWriter;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import io.vectorlake.serving.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11.1 through the real server: a server that loaded a collection at some version, then 250
 * commits by another writer on the same warehouse (more than the 100 metadata versions a table
 * keeps, so the version the server's handles last read is deleted). Before the fix every read and
 * write failed with "Metadata file for version N is missing" until a restart.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FallenBehindServerIT {
  private static final String NAME = "behind";
  private static final int OTHER_COMMITS = 250;
  private static final Duration STALENESS = Duration.ofMillis(200);

  @TempDir Path dir;

  @Test
  void serverBehindAnotherWritersCommitsAnswersWithEveryRowAtEveryLevel() throws Exception {
    ServerConfig config = new ServerConfig("127.0.0.1", 0, null, null, null, STALENESS);
    try (ServerFixture fixture = new ServerFixture(dir, config)) {
      MilvusClientV2 client = fixture.client();
      client.createCollection(CreateCollectionReq.builder().collectionName(NAME).dimension(2)
          .build());
      client.insert(InsertReq.builder().collectionName(NAME).data(List.of(row(0))).build());
      Set<Long> model = new TreeSet<>(List.of(0L));
      assertEquals(model, queryIds(client, ConsistencyLevel.STRONG));

      try (Warehouse other = Warehouse.local(dir)) {
        WalWriter writer = other.loadCollection(CollectionId.parse(NAME)).walWriter();
        for (long key = 1; key <= OTHER_COMMITS; key++) {
          writer.commit(new WalBatch().insert(Map.of("id", key, "vector", vector(key))));
          model.add(key);
        }
      }
      Thread.sleep(STALENESS.toMillis() + 50); // the loaded view is now older than the bound

      assertEquals(model, searchIds(client, ConsistencyLevel.BOUNDED));
      assertEquals(model, queryIds(client, ConsistencyLevel.BOUNDED));
      assertEquals(model, searchIds(client, ConsistencyLevel.STRONG));
      assertEquals(model, queryIds(client, ConsistencyLevel.STRONG));
      // Eventually answers from what is loaded; the node has no WAL follower yet, so this asks
      // only after the Bounded and Strong reads above refreshed the view.
      assertEquals(model, searchIds(client, ConsistencyLevel.EVENTUALLY));
      assertEquals(model, queryIds(client, ConsistencyLevel.EVENTUALLY));

      // The server's write path held a handle as old: it commits again too.
      client.insert(InsertReq.builder().collectionName(NAME)
          .data(List.of(row(OTHER_COMMITS + 1))).build());
      model.add((long) OTHER_COMMITS + 1);
      assertEquals(model, queryIds(client, ConsistencyLevel.STRONG));
    }
  }

  private static JsonObject row(long id) {
    JsonObject row = new JsonObject();
    row.addProperty("id", id);
    float[] v = vector(id);
    row.add("vector", Rows.vector(v[0], v[1]));
    return row;
  }

  private static float[] vector(long id) {
    return new float[] {1 + id % 7, 1 + id % 11};
  }

  private static Set<Long> queryIds(MilvusClientV2 client, ConsistencyLevel level) {
    Set<Long> ids = new TreeSet<>();
    client.query(QueryReq.builder().collectionName(NAME).filter("id >= 0")
            .outputFields(List.of("id")).limit(10_000).consistencyLevel(level).build())
        .getQueryResults().forEach(r -> ids.add((Long) r.getEntity().get("id")));
    return ids;
  }

  private static Set<Long> searchIds(MilvusClientV2 client, ConsistencyLevel level) {
    SearchResp resp = client.search(SearchReq.builder().collectionName(NAME)
        .data(List.of(new FloatVec(new float[] {1, 1}))).limit(1_000).consistencyLevel(level)
        .build());
    Set<Long> ids = new TreeSet<>();
    resp.getSearchResults().get(0).forEach(hit -> ids.add((Long) hit.getId()));
    return ids;
  }
}
