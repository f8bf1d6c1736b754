package io.vectorlake.serving.it;

import static io.vectorlake.serving.it.Rows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.milvus.grpc.DataType;
import io.milvus.grpc.FieldData;
import io.milvus.grpc.InsertRequest;
import io.milvus.grpc.LongArray;
import io.milvus.grpc.MilvusServiceGrpc;
import io.milvus.grpc.MutationResult;
import io.milvus.grpc.ScalarField;
import io.milvus.shaded.io.grpc.ManagedChannel;
import io.milvus.shaded.io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.client.RetryConfig;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.exception.MilvusClientException;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.database.request.CreateDatabaseReq;
import io.milvus.v2.service.database.request.DropDatabaseReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.BaseVector;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.vectorlake.serving.ServerConfig;
import io.vectorlake.serving.rpc.RequestLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile requests (huge claims in small messages, runaway filters, names that climb out of the
 * warehouse) answer an error naming the limit, cheaply, and the server keeps serving; internal
 * failures answer an error id and no server detail.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RequestLimitsIT {
  Path root;
  ServerFixture fixture;
  MilvusClientV2 client;

  @BeforeAll
  void start(@TempDir Path dir) throws IOException {
    root = dir;
    fixture = ServerFixture.plain(Files.createDirectories(dir.resolve("warehouse")));
    client = fixture.client();
    Rows.createFull(client, "target", IndexParam.MetricType.L2);
    client.insert(InsertReq.builder().collectionName("target").data(List.of(
        row(1, new float[] {1, 0, 0, 0}, "a"), row(2, new float[] {0, 1, 0, 0}, "b"))).build());
  }

  @AfterAll
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  /** After each hostile request, a good search still answers. */
  @AfterEach
  void serverStillServes() {
    assertEquals(1L, search(List.of(new FloatVec(new float[] {1, 0, 0, 0})), 1)
        .getSearchResults().get(0).get(0).getId());
  }

  private io.milvus.v2.service.vector.response.SearchResp search(List<BaseVector> queries,
      int limit) {
    return client.search(SearchReq.builder().collectionName("target").data(queries)
        .limit(limit).consistencyLevel(ConsistencyLevel.STRONG).build());
  }

  private static MilvusClientException fails(String expected, Executable call) {
    MilvusClientException e = assertThrows(MilvusClientException.class, call);
    assertTrue(e.getMessage().contains(expected),
        "expected a message containing \"" + expected + "\", got: " + e.getMessage());
    return e;
  }

  private static List<BaseVector> queries(int nq) {
    List<BaseVector> out = new ArrayList<>(nq);
    for (int q = 0; q < nq; q++) {
      out.add(new FloatVec(new float[] {1, 0, 0, q}));
    }
    return out;
  }

  /**
   * Point 4: an Insert claiming 150 million rows with one one-value column; before, the decoder
   * allocated a row map per claimed row first (gigabytes, then gRPC UNKNOWN).
   */
  @Test
  void insertClaimingMoreRowsThanItsColumnsHoldIsRejectedBeforeAllocating() {
    ManagedChannel channel = NettyChannelBuilder.forTarget("127.0.0.1:" + port()).usePlaintext()
        .build();
    try {
      MutationResult result = MilvusServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(60, TimeUnit.SECONDS)
          .insert(InsertRequest.newBuilder().setCollectionName("target").setNumRows(150_000_000)
              .addFieldsData(FieldData.newBuilder().setFieldName("id").setType(DataType.Int64)
                  .setScalars(ScalarField.newBuilder().setLongData(
                      LongArray.newBuilder().addData(9)))).build());
      assertNotEquals(0, result.getStatus().getCode());
      assertTrue(result.getStatus().getReason().contains(
          "field 'id' has 1 values but the request has 150000000 rows"),
          result.getStatus().getReason());
    } finally {
      channel.shutdownNow();
    }
  }

  private int port() {
    String uri = fixture.uri();
    return Integer.parseInt(uri.substring(uri.lastIndexOf(':') + 1));
  }

  /**
   * Point 5: nq 16384 x topk 16384 from a small request; before, every segment allocated a
   * heap of 16384 slots per query up front (gigabytes).
   */
  @Test
  void searchAskingForTooManyResultSlotsNamesTheLimit() {
    fails("at most " + RequestLimits.DEFAULT.maxResultEntries() + " results, nq x (topk + offset)",
        () -> search(queries(16_384), 16_384));
    fails("at most 16384 query vectors (--max-nq), got 16385", () -> search(queries(16_385), 1));
    // Within the bound, a large top-k over a small collection costs only what it finds.
    var results = search(queries(256), 16_384).getSearchResults();
    assertEquals(256, results.size());
    results.forEach(hits -> assertEquals(2, hits.size()));
  }

  /**
   * Points 6 and 7: a 1 MB chain {@code id > 0 and id > 0 and ...}; before, it overflowed the
   * binder's stack, the StackOverflowError escaped as gRPC UNKNOWN and the SDK retried it.
   */
  @Test
  void megabyteFilterNamesTheLengthLimit() {
    StringBuilder filter = new StringBuilder("id > 0");
    while (filter.length() < 1_000_000) {
      filter.append(" and id > 0");
    }
    fails("over the limit of 262144", () -> client.query(QueryReq.builder()
        .collectionName("target").filter(filter.toString())
        .consistencyLevel(ConsistencyLevel.STRONG).build()));
    StringBuilder sum = new StringBuilder("id");
    for (int i = 0; i < 30_000; i++) {
      sum.append(" + 1");
    }
    fails("nests deeper than 200 levels", () -> client.query(QueryReq.builder()
        .collectionName("target").filter(sum + " > 0").build()));
  }

  /** A flat chain under the length limit answers as a model of it says. */
  @Test
  void longFlatFilterUnderTheLimitAnswers() {
    StringBuilder filter = new StringBuilder("id > 1");
    while (filter.length() < 200_000) {
      filter.append(" and id > 1");
    }
    var rows = client.query(QueryReq.builder().collectionName("target")
        .filter(filter.toString()).consistencyLevel(ConsistencyLevel.STRONG).build())
        .getQueryResults();
    assertEquals(1, rows.size());
    assertEquals(2L, rows.get(0).getEntity().get("id"));
  }

  /**
   * Point 8: a collection whose table metadata is damaged; before, the status carried the
   * exception's text, with the warehouse's file paths.
   */
  @Test
  void internalErrorAnswersAnErrorIdWithoutServerDetails() throws IOException {
    Rows.createFull(client, "broken", IndexParam.MetricType.L2);
    Path metadata = fixture.warehouseDir.resolve("default").resolve("broken").resolve("metadata");
    try (Stream<Path> files = Files.list(metadata)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".metadata.json")).toList()) {
        Files.writeString(file, "{ not json");
      }
    }
    MilvusClientException e = fails("error id", () -> client.describeCollection(
        DescribeCollectionReq.builder().collectionName("broken").build()));
    assertFalse(e.getMessage().contains(root.toString()), e.getMessage());
    assertFalse(e.getMessage().contains("metadata.json"), e.getMessage());
  }

  /**
   * Point 9: {@code dropDatabase("../x")}; before, it was accepted and deleted the directory
   * {@code x} beside the warehouse.
   */
  @Test
  void databaseNamesCannotClimbOutOfTheWarehouse() throws IOException {
    Path beside = Files.createDirectories(root.resolve("x"));
    fails("database name '../x' must start with a letter", () -> client.dropDatabase(
        DropDatabaseReq.builder().databaseName("../x").build()));
    assertTrue(Files.isDirectory(beside));
    fails("database name '../y' must start with a letter", () -> client.createDatabase(
        CreateDatabaseReq.builder().databaseName("../y").build()));
    assertFalse(Files.exists(root.resolve("y")));
  }

  /** Point 4: the request size is bounded by a setting (gRPC's max inbound message size). */
  @Test
  void requestOverTheConfiguredSizeIsRejected(@TempDir Path dir) {
    ServerConfig config = ServerConfig.loopback(0).withLimits(
        new RequestLimits(64 * 1024, 16_384, 16_384, 4L * 1024 * 1024));
    try (ServerFixture small = new ServerFixture(dir, config)) {
      MilvusClientV2 smallClient = small.client();
      // gRPC answers RESOURCE_EXHAUSTED, which the SDK would otherwise retry for a minute.
      smallClient.retryConfig(RetryConfig.builder().maxRetryTimes(1).build());
      Rows.createFull(smallClient, "c", IndexParam.MetricType.L2);
      List<JsonObject> rows = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        rows.add(row(i, new float[] {i, 0, 0, 0}, "a title long enough to weigh something " + i));
      }
      MilvusClientException e = assertThrows(MilvusClientException.class,
          () -> smallClient.insert(InsertReq.builder().collectionName("c").data(rows).build()));
      // The server resets the stream of an oversized message: the client sees the reset or
      // RESOURCE_EXHAUSTED, depending on when its upload noticed.
      assertTrue(e.getMessage().contains("RESOURCE_EXHAUSTED")
          || e.getMessage().contains("CANCELLED"), e.getMessage());
      smallClient.insert(InsertReq.builder().collectionName("c").data(rows.subList(0, 10))
          .build());
    }
  }
}
