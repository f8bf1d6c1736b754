package io.vectorlake.examples.milvus;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.vector.request.DeleteReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.SearchResp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Vectorlake through the official Milvus Java SDK, unchanged, in one page: quick-setup a
 * collection, insert, search with a filter, query, delete. Run a server first
 * ({@code bin/vectorlake serve}), then {@code bin/vectorlake example-milvus [--uri URI]}.
 */
public final class MilvusClientExample {
  private MilvusClientExample() {}

  public static void main(String[] args) {
    String uri = args.length > 1 && args[0].equals("--uri") ? args[1] : "http://localhost:19530";
    MilvusClientV2 client = new MilvusClientV2(ConnectConfig.builder().uri(uri).build());
    try {
      if (client.hasCollection(HasCollectionReq.builder().collectionName("articles").build())) {
        client.dropCollection(DropCollectionReq.builder().collectionName("articles").build());
      }
      // Quick setup: an INT64 key "id", a FLOAT_VECTOR "vector", a dynamic field, an index, loaded.
      client.createCollection(CreateCollectionReq.builder().collectionName("articles")
          .dimension(8).metricType("COSINE").build());

      Random random = new Random(1);
      List<JsonObject> rows = new ArrayList<>();
      for (long id = 0; id < 1000; id++) {
        JsonObject row = new JsonObject();
        row.addProperty("id", id);
        JsonArray vector = new JsonArray();
        for (int i = 0; i < 8; i++) {
          vector.add(random.nextFloat() * 2 - 1);
        }
        row.add("vector", vector);
        row.addProperty("topic", id % 3 == 0 ? "science" : "sports"); // a dynamic field
        rows.add(row);
      }
      long inserted = client.insert(InsertReq.builder().collectionName("articles").data(rows).build())
          .getInsertCnt();
      System.out.println("inserted " + inserted + " articles");

      float[] query = new float[8];
      for (int i = 0; i < 8; i++) {
        query[i] = random.nextFloat() * 2 - 1;
      }
      SearchResp hits = client.search(SearchReq.builder().collectionName("articles")
          .data(List.of(new FloatVec(query))).limit(3).filter("topic == {t}")
          .filterTemplateValues(Map.of("t", "science")).outputFields(List.of("topic"))
          .consistencyLevel(ConsistencyLevel.STRONG).build());
      for (SearchResp.SearchResult hit : hits.getSearchResults().get(0)) {
        System.out.printf("  id %s, cosine %.3f, topic %s%n", hit.getId(), hit.getScore(),
            hit.getEntity().get("topic"));
      }

      long science = (Long) client.query(QueryReq.builder().collectionName("articles")
          .filter("topic == \"science\"").outputFields(List.of("count(*)"))
          .consistencyLevel(ConsistencyLevel.STRONG).build())
          .getQueryResults().get(0).getEntity().get("count(*)");
      System.out.println("science articles: " + science);

      client.delete(DeleteReq.builder().collectionName("articles").filter("id < 100").build());
      long left = (Long) client.query(QueryReq.builder().collectionName("articles")
          .filter("").outputFields(List.of("count(*)")).consistencyLevel(ConsistencyLevel.STRONG)
          .build()).getQueryResults().get(0).getEntity().get("count(*)");
      System.out.println("after deleting id < 100: " + left + " articles");
    } finally {
      client.close();
    }
  }
}
