package io.vectorlake.serving.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.vector.request.AnnSearchReq;
import io.milvus.v2.service.vector.request.HybridSearchReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.request.ranker.RRFRanker;
import io.milvus.v2.service.vector.request.ranker.WeightedRanker;
import io.milvus.v2.service.vector.response.SearchResp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HybridSearchIT {
  @TempDir Path dir;

  @Test
  void rrfAndWeightedRankersFuseTwoVectorFields() {
    try (ServerFixture fixture = ServerFixture.plain(dir)) {
      MilvusClientV2 client = fixture.client();
      CreateCollectionReq.CollectionSchema schema = client.createSchema();
      schema.addField(AddFieldReq.builder().fieldName("id").dataType(DataType.Int64)
          .isPrimaryKey(true).build());
      schema.addField(AddFieldReq.builder().fieldName("a").dataType(DataType.FloatVector)
          .dimension(2).build());
      schema.addField(AddFieldReq.builder().fieldName("b").dataType(DataType.FloatVector)
          .dimension(2).build());
      client.createCollection(CreateCollectionReq.builder().collectionName("two")
          .collectionSchema(schema).indexParams(List.of(
              IndexParam.builder().fieldName("a").metricType(IndexParam.MetricType.L2).build(),
              IndexParam.builder().fieldName("b").metricType(IndexParam.MetricType.IP).build()))
          .build());
      List<JsonObject> rows = new ArrayList<>();
      // By a (L2 from (0, 0)) the order is 1, 2, 3; by b (IP with (1, 0)) it is 3, 1, 2.
      float[][] a = {{0, 0}, {1, 0}, {2, 0}};
      float[][] b = {{2, 0}, {1, 0}, {3, 0}};
      for (int i = 0; i < 3; i++) {
        JsonObject row = new JsonObject();
        row.addProperty("id", (long) i + 1);
        row.add("a", Rows.vector(a[i]));
        row.add("b", Rows.vector(b[i]));
        rows.add(row);
      }
      client.insert(InsertReq.builder().collectionName("two").data(rows).build());
      List<AnnSearchReq> searches = List.of(
          AnnSearchReq.builder().vectorFieldName("a").vectors(List.of(new FloatVec(
              new float[] {0, 0}))).limit(3).build(),
          AnnSearchReq.builder().vectorFieldName("b").vectors(List.of(new FloatVec(
              new float[] {1, 0}))).limit(3).build());

      SearchResp rrf = client.hybridSearch(HybridSearchReq.builder().collectionName("two")
          .searchRequests(searches).ranker(new RRFRanker(60)).limit(3)
          .consistencyLevel(ConsistencyLevel.STRONG).build());
      List<SearchResp.SearchResult> hits = rrf.getSearchResults().get(0);
      // Row 1: 1/61 + 1/62; row 3: 1/63 + 1/61; row 2: 1/62 + 1/63.
      assertEquals(List.of(1L, 3L, 2L),
          hits.stream().map(SearchResp.SearchResult::getId).toList());
      assertEquals(1.0 / 61 + 1.0 / 62, hits.get(0).getScore(), 1e-6);

      SearchResp weighted = client.hybridSearch(HybridSearchReq.builder().collectionName("two")
          .searchRequests(searches).ranker(new WeightedRanker(List.of(0.1f, 0.9f))).limit(1)
          .consistencyLevel(ConsistencyLevel.STRONG).build());
      SearchResp.SearchResult top = weighted.getSearchResults().get(0).get(0);
      assertEquals(1L, top.getId());
      double expected = 0.1 * 1 + 0.9 * (0.5 + Math.atan(2) / Math.PI); // L2 0, IP 2
      assertEquals(expected, top.getScore(), 1e-5);
    }
  }
}
