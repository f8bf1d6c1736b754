package io.vectorlake.serving.it;

import static io.vectorlake.serving.it.Rows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexBuildState;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.exception.MilvusClientException;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.milvus.v2.service.collection.request.GetCollectionStatsReq;
import io.milvus.v2.service.collection.request.GetLoadStateReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.collection.request.ReleaseCollectionReq;
import io.milvus.v2.service.collection.response.DescribeCollectionResp;
import io.milvus.v2.service.database.request.CreateDatabaseReq;
import io.milvus.v2.service.database.request.DropDatabaseReq;
import io.milvus.v2.service.index.request.CreateIndexReq;
import io.milvus.v2.service.index.request.DescribeIndexReq;
import io.milvus.v2.service.index.request.DropIndexReq;
import io.milvus.v2.service.index.response.DescribeIndexResp;
import io.milvus.v2.service.partition.request.CreatePartitionReq;
import io.milvus.v2.service.partition.request.DropPartitionReq;
import io.milvus.v2.service.partition.request.HasPartitionReq;
import io.milvus.v2.service.partition.request.ListPartitionsReq;
import io.milvus.v2.service.vector.request.InsertReq;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CollectionLifecycleIT {
  ServerFixture fixture;
  MilvusClientV2 client;

  @BeforeAll
  void start(@TempDir Path dir) {
    fixture = ServerFixture.plain(dir);
    client = fixture.client();
  }

  @AfterAll
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void describeMapsTheFullSchemaBack() {
    Rows.createFull(client, "described", IndexParam.MetricType.COSINE);
    DescribeCollectionResp d = client.describeCollection(
        DescribeCollectionReq.builder().collectionName("described").build());
    assertEquals("described", d.getCollectionName());
    assertEquals("default", d.getDatabaseName());
    assertEquals("id", d.getPrimaryFieldName());
    assertEquals(List.of("vec"), d.getVectorFieldNames());
    assertTrue(d.getEnableDynamicField());
    assertEquals(2, d.getShardsNum());
    assertFalse(d.getAutoID());
    assertEquals(List.of("id", "vec", "title", "score", "weight", "tags", "meta"),
        d.getFieldNames());
    var schema = d.getCollectionSchema();
    assertEquals(4, schema.getField("vec").getDimension());
    assertEquals(DataType.FloatVector, schema.getField("vec").getDataType());
    assertEquals(64, schema.getField("title").getMaxLength());
    assertTrue(schema.getField("score").getIsNullable());
    assertEquals(1.5f, ((Number) schema.getField("weight").getDefaultValue()).floatValue());
    assertEquals(DataType.Array, schema.getField("tags").getDataType());
    assertEquals(DataType.VarChar, schema.getField("tags").getElementType());
    assertEquals(4, schema.getField("tags").getMaxCapacity());
    assertEquals(DataType.JSON, schema.getField("meta").getDataType());
  }

  @Test
  void autoIdQuickSetupGeneratesKeys() {
    client.createCollection(CreateCollectionReq.builder().collectionName("auto").dimension(2)
        .autoID(true).build());
    var resp = client.insert(InsertReq.builder().collectionName("auto").data(List.of(
        vectorOnly(1, 0), vectorOnly(0, 1))).build());
    assertEquals(2, resp.getInsertCnt());
    assertEquals(2, resp.getPrimaryKeys().size());
    assertNotEquals(resp.getPrimaryKeys().get(0), resp.getPrimaryKeys().get(1));
  }

  private static com.google.gson.JsonObject vectorOnly(float a, float b) {
    com.google.gson.JsonObject row = new com.google.gson.JsonObject();
    row.add("vector", Rows.vector(a, b));
    return row;
  }

  @Test
  void listHasStatisticsLoadStateAndDrop() {
    Rows.createFull(client, "listed", IndexParam.MetricType.L2);
    assertTrue(client.listCollections().getCollectionNames().contains("listed"));
    assertTrue(client.hasCollection(HasCollectionReq.builder().collectionName("listed").build()));
    client.insert(InsertReq.builder().collectionName("listed").data(List.of(
        row(1, new float[] {1, 0, 0, 0}, "a"), row(2, new float[] {0, 1, 0, 0}, "b"))).build());
    assertEquals(2L, client.getCollectionStats(GetCollectionStatsReq.builder()
        .collectionName("listed").build()).getNumOfEntities());
    assertTrue(client.getLoadState(GetLoadStateReq.builder().collectionName("listed").build()));
    client.releaseCollection(ReleaseCollectionReq.builder().collectionName("listed").build());
    assertFalse(client.getLoadState(GetLoadStateReq.builder().collectionName("listed").build()));
    assertEquals(2L, client.getCollectionStats(GetCollectionStatsReq.builder()
        .collectionName("listed").build()).getNumOfEntities());
    client.loadCollection(LoadCollectionReq.builder().collectionName("listed").build());
    assertTrue(client.getLoadState(GetLoadStateReq.builder().collectionName("listed").build()));
    // Creating it again with the same schema is a no-op; with another schema, an error.
    Rows.createFull(client, "listed", IndexParam.MetricType.L2);
    MilvusClientException exists = assertThrows(MilvusClientException.class, () ->
        client.createCollection(CreateCollectionReq.builder().collectionName("listed")
            .dimension(8).build()));
    assertTrue(exists.getMessage().contains("already exists"), exists.getMessage());
    client.dropCollection(DropCollectionReq.builder().collectionName("listed").build());
    assertFalse(client.hasCollection(HasCollectionReq.builder().collectionName("listed").build()));
    MilvusClientException e = assertThrows(MilvusClientException.class, () ->
        client.describeCollection(DescribeCollectionReq.builder().collectionName("listed").build()));
    assertTrue(e.getMessage().contains("'listed' does not exist"), e.getMessage());
    assertEquals(100, e.getServerErrCode());
  }

  @Test
  void partitionsAreCreatedListedAndDropped() {
    Rows.createFull(client, "parts", IndexParam.MetricType.L2);
    client.createPartition(CreatePartitionReq.builder().collectionName("parts")
        .partitionName("p1").build());
    assertEquals(List.of("_default", "p1"), client.listPartitions(ListPartitionsReq.builder()
        .collectionName("parts").build()));
    assertTrue(client.hasPartition(HasPartitionReq.builder().collectionName("parts")
        .partitionName("p1").build()));
    client.insert(InsertReq.builder().collectionName("parts").partitionName("p1").data(List.of(
        row(1, new float[] {1, 0, 0, 0}, "a"))).build());
    client.dropPartition(DropPartitionReq.builder().collectionName("parts").partitionName("p1")
        .build());
    assertFalse(client.hasPartition(HasPartitionReq.builder().collectionName("parts")
        .partitionName("p1").build()));
    assertEquals(0L, client.getCollectionStats(GetCollectionStatsReq.builder()
        .collectionName("parts").build()).getNumOfEntities());
  }

  @Test
  void indexesAreRecordedDescribedAndDropped() {
    Rows.createFull(client, "indexed", IndexParam.MetricType.COSINE);
    DescribeIndexResp.IndexDesc index = client.describeIndex(DescribeIndexReq.builder()
        .collectionName("indexed").fieldName("vec").build()).getIndexDescByFieldName("vec");
    assertEquals(IndexParam.IndexType.HNSW, index.getIndexType());
    assertEquals(IndexParam.MetricType.COSINE, index.getMetricType());
    assertEquals(IndexBuildState.Finished, index.getIndexState());
    assertEquals("16", index.getExtraParams().get("M"));
    client.releaseCollection(ReleaseCollectionReq.builder().collectionName("indexed").build());
    client.dropIndex(DropIndexReq.builder().collectionName("indexed").fieldName("vec")
        .indexName("vec").build());
    client.createIndex(CreateIndexReq.builder().collectionName("indexed").indexParams(List.of(
        IndexParam.builder().fieldName("vec").indexType(IndexParam.IndexType.DISKANN)
            .metricType(IndexParam.MetricType.IP).build())).build());
    index = client.describeIndex(DescribeIndexReq.builder().collectionName("indexed")
        .fieldName("vec").build()).getIndexDescByFieldName("vec");
    assertEquals(IndexParam.IndexType.DISKANN, index.getIndexType());
    assertEquals(IndexParam.MetricType.IP, index.getMetricType());
    MilvusClientException e = assertThrows(MilvusClientException.class, () ->
        client.createIndex(CreateIndexReq.builder().collectionName("indexed").indexParams(List.of(
            IndexParam.builder().fieldName("vec").indexType(IndexParam.IndexType.IVF_FLAT)
                .metricType(IndexParam.MetricType.IP).extraParams(Map.of("nlist", 8)).build()))
            .build()));
    assertTrue(e.getMessage().contains("IVF_FLAT is not supported"), e.getMessage());
  }

  @Test
  void databasesAreListedCreatedAndDropped() {
    client.createDatabase(CreateDatabaseReq.builder().databaseName("shop").build());
    assertTrue(client.listDatabases().getDatabaseNames().contains("shop"));
    client.createCollection(CreateCollectionReq.builder().databaseName("shop")
        .collectionName("items").dimension(2).build());
    assertTrue(client.hasCollection(HasCollectionReq.builder().databaseName("shop")
        .collectionName("items").build()));
    assertFalse(client.hasCollection(HasCollectionReq.builder().collectionName("items").build()));
    // A client connected to a database works in it without naming it (the dbname header).
    MilvusClientV2 inShop = fixture.client(io.milvus.v2.client.ConnectConfig.builder()
        .uri(fixture.uri()).dbName("shop").build());
    assertEquals(List.of("items"), inShop.listCollections().getCollectionNames());
    assertTrue(inShop.hasCollection(HasCollectionReq.builder().collectionName("items").build()));
    client.dropCollection(DropCollectionReq.builder().databaseName("shop")
        .collectionName("items").build());
    client.dropDatabase(DropDatabaseReq.builder().databaseName("shop").build());
    assertFalse(client.listDatabases().getDatabaseNames().contains("shop"));
  }
}
