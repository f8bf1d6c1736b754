package io.vectorlake.serving.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.collection.request.ReleaseCollectionReq;
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
 * Issue 13 point 2: a loaded collection follows its WAL on its own. Writes made by another writer
 * (the catalog API, as Flink or Spark write, or a second server on the same warehouse) become
 * visible to Eventually, Session and Bounded reads within about the follow interval, with no
 * Strong read in between to trigger a refresh; the following stops on Release and Drop; and the
 * interval is configurable (zero: off). Before, only a Strong read, a Session read after the
 * client's own write, or a Bounded read older than the staleness refreshed a collection.
 *
 * <p>Refreshes are counted by what they look at: each looks at the tables' metadata through the
 * local Hadoop file system, even when nothing changed ({@link CountingFileSystem}).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class WalFollowIT {
  private static final Duration FOLLOW = Duration.ofMillis(200);
  /** Long enough that a quiet spell without a read means no follower runs (many intervals). */
  private static final Duration QUIET = FOLLOW.multipliedBy(6);

  @TempDir Path dir;

  private static ServerConfig following(Duration interval) {
    return new ServerConfig("127.0.0.1", 0, null, null, null, Duration.ofHours(1))
        .withFollowInterval(interval);
  }

  @Test
  void anotherWritersRowsBecomeVisibleToEventuallyAndSessionReads() throws Exception {
    try (ServerFixture fixture = new ServerFixture(dir, following(FOLLOW))) {
      MilvusClientV2 client = fixture.client();
      createWithOneRow(client);
      assertEquals(1, count(client, ConsistencyLevel.STRONG));

      commitThroughTheCatalog(2, 10);
      awaitCount(client, ConsistencyLevel.EVENTUALLY, 10);
      commitThroughTheCatalog(11, 20);
      // This client's own last write is older: Session asks for no refresh on its own account.
      awaitCount(client, ConsistencyLevel.SESSION, 20);
    }
  }

  @Test
  void rowsWrittenThroughASecondServerBecomeVisibleWithoutAStrongRead() throws Exception {
    try (ServerFixture reader = new ServerFixture(dir, following(FOLLOW));
        ServerFixture writer = new ServerFixture(dir, following(Duration.ZERO))) {
      MilvusClientV2 readerClient = reader.client();
      createWithOneRow(readerClient);
      assertEquals(1, count(readerClient, ConsistencyLevel.STRONG));

      MilvusClientV2 writerClient = writer.client();
      for (long id = 2; id <= 5; id++) {
        writerClient.insert(InsertReq.builder().collectionName("followed")
            .data(List.of(row(id))).build());
      }
      awaitCount(readerClient, ConsistencyLevel.EVENTUALLY, 5);
      awaitCount(readerClient, ConsistencyLevel.SESSION, 5);
    }
  }

  /**
   * The staleness is an hour, so a Bounded read never refreshes on its own account here: what
   * keeps its view fresh is the follower alone.
   */
  @Test
  void boundedReadsStayWithinTheirStalenessWithoutARequestRefreshing() throws Exception {
    try (ServerFixture fixture = new ServerFixture(dir, following(FOLLOW))) {
      MilvusClientV2 client = fixture.client();
      createWithOneRow(client);
      assertEquals(1, count(client, ConsistencyLevel.STRONG));

      commitThroughTheCatalog(2, 10);
      awaitCount(client, ConsistencyLevel.BOUNDED, 10);
    }
  }

  @Test
  void followingStopsOnReleaseAndOnDrop() throws Exception {
    String counter = "release-and-drop";
    try (ServerFixture fixture = new ServerFixture(dir, following(FOLLOW),
        CountingFileSystem.warehouseProperties(counter))) {
      MilvusClientV2 client = fixture.client();
      createWithOneRow(client);
      assertEquals(1, count(client, ConsistencyLevel.STRONG));
      awaitWarehouseRead(counter, "while loaded, the follower refreshes");

      client.releaseCollection(ReleaseCollectionReq.builder().collectionName("followed").build());
      assertNoWarehouseRead(counter, "after Release");

      client.loadCollection(LoadCollectionReq.builder().collectionName("followed").build());
      awaitWarehouseRead(counter, "loaded again, the follower refreshes again");
      client.dropCollection(DropCollectionReq.builder().collectionName("followed").build());
      assertNoWarehouseRead(counter, "after Drop");
    }
    awaitNoFollowerThread();
  }

  /**
   * A drop through another node (drops are not fanned out) or the catalog API: the follower
   * finds the collection gone, releases it and stops, and reads answer that it does not exist.
   * Before, it kept refreshing the dropped table and reads answered its last rows.
   */
  @Test
  void aCollectionDroppedByAnotherWriterIsReleasedAndNoLongerFollowed() throws Exception {
    String counter = "dropped-elsewhere";
    try (ServerFixture fixture = new ServerFixture(dir, following(FOLLOW),
        CountingFileSystem.warehouseProperties(counter))) {
      MilvusClientV2 client = fixture.client();
      createWithOneRow(client);
      assertEquals(1, count(client, ConsistencyLevel.STRONG));
      try (Warehouse other = Warehouse.local(dir)) {
        assertTrue(other.dropCollection(CollectionId.parse("followed")));
      }
      awaitCollectionGone(client);
      assertNoWarehouseRead(counter, "after another writer dropped it");
    }
  }

  @Test
  void aZeroIntervalTurnsFollowingOff() throws Exception {
    String counter = "zero-interval";
    try (ServerFixture fixture = new ServerFixture(dir, following(Duration.ZERO),
        CountingFileSystem.warehouseProperties(counter))) {
      MilvusClientV2 client = fixture.client();
      createWithOneRow(client);
      assertEquals(1, count(client, ConsistencyLevel.STRONG));
      commitThroughTheCatalog(2, 10);
      assertNoWarehouseRead(counter, "with following off, while no request runs");
      assertEquals(1, count(client, ConsistencyLevel.EVENTUALLY), "no refresh on its own");
      assertEquals(10, count(client, ConsistencyLevel.STRONG), "Strong refreshes");
    }
  }

  private static void createWithOneRow(MilvusClientV2 client) {
    client.createCollection(CreateCollectionReq.builder().collectionName("followed")
        .dimension(2).build());
    client.insert(InsertReq.builder().collectionName("followed").data(List.of(row(1))).build());
  }

  private static JsonObject row(long id) {
    JsonObject row = new JsonObject();
    row.addProperty("id", id);
    row.add("vector", Rows.vector(1, id));
    return row;
  }

  /** Commits rows {@code from..to} through a warehouse of its own, as Flink or Spark would. */
  private void commitThroughTheCatalog(long from, long to) {
    try (Warehouse other = Warehouse.local(dir)) {
      WalBatch batch = new WalBatch();
      for (long id = from; id <= to; id++) {
        batch.insert(Map.of("id", id, "vector", new float[] {0, (float) id}));
      }
      other.loadCollection(CollectionId.parse("followed")).walWriter().commit(batch);
    }
  }

  private static long count(MilvusClientV2 client, ConsistencyLevel level) {
    return (Long) client.query(QueryReq.builder().collectionName("followed").filter("")
        .outputFields(List.of("count(*)")).consistencyLevel(level).build())
        .getQueryResults().get(0).getEntity().get("count(*)");
  }

  /** Reads at {@code level} until the count is {@code expected}; fails after 30 s. */
  private static void awaitCount(MilvusClientV2 client, ConsistencyLevel level, long expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    long seen;
    do {
      seen = count(client, level);
      if (seen == expected) {
        return;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    assertEquals(expected, seen, "rows visible to " + level + " after 30 s");
  }

  /** Reads at Eventually until the server answers that the collection does not exist (30 s). */
  private static void awaitCollectionGone(MilvusClientV2 client) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        count(client, ConsistencyLevel.EVENTUALLY);
      } catch (RuntimeException e) {
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        return;
      }
      assertTrue(System.nanoTime() < deadline, "a dropped collection still answers after 30 s");
      Thread.sleep(100);
    }
  }

  /** Waits (30 s at most) until the server looks at the warehouse while no request runs. */
  private static void awaitWarehouseRead(String counter, String when)
      throws InterruptedException {
    long before = CountingFileSystem.looks(counter);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (CountingFileSystem.looks(counter) == before) {
      assertTrue(System.nanoTime() < deadline, when + ": no look at the warehouse in 30 s");
      Thread.sleep(FOLLOW.toMillis() / 4);
    }
  }

  /** No look at the warehouse for many follow intervals (one in flight may finish first). */
  private static void assertNoWarehouseRead(String counter, String when)
      throws InterruptedException {
    Thread.sleep(FOLLOW.toMillis());
    long before = CountingFileSystem.looks(counter);
    Thread.sleep(QUIET.toMillis());
    assertEquals(before, CountingFileSystem.looks(counter),
        when + ": the server looked at the warehouse with no request");
  }

  /** The follower's thread ends once the server is closed (10 s at most). */
  private static void awaitNoFollowerThread() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals("wal-follower") && t.isAlive())) {
      assertTrue(System.nanoTime() < deadline, "a wal-follower thread outlived its server");
      Thread.sleep(50);
    }
  }
}
