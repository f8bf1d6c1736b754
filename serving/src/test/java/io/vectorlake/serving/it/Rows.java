package io.vectorlake.serving.it;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.response.QueryResp;
import java.util.List;
import java.util.Map;

/** Test rows and the full-schema collection the integration tests share. */
final class Rows {
  private Rows() {}

  static JsonArray vector(float... values) {
    JsonArray v = new JsonArray();
    for (float x : values) {
      v.add(x);
    }
    return v;
  }

  static JsonObject row(long id, float[] vec, String title) {
    JsonObject row = new JsonObject();
    row.addProperty("id", id);
    row.add("vec", vector(vec));
    row.addProperty("title", title);
    return row;
  }

  /**
   * id INT64 pk, vec FLOAT_VECTOR(4) with an HNSW index of {@code metric}, title VARCHAR(64),
   * score nullable INT32, weight FLOAT default 1.5, tags ARRAY<VARCHAR(16)>[4], meta JSON,
   * dynamic field on, 2 shards.
   */
  static void createFull(MilvusClientV2 client, String name, IndexParam.MetricType metric) {
    CreateCollectionReq.CollectionSchema schema = client.createSchema();
    schema.setEnableDynamicField(true);
    schema.addField(AddFieldReq.builder().fieldName("id").dataType(DataType.Int64)
        .isPrimaryKey(true).autoID(false).build());
    schema.addField(AddFieldReq.builder().fieldName("vec").dataType(DataType.FloatVector)
        .dimension(4).build());
    schema.addField(AddFieldReq.builder().fieldName("title").dataType(DataType.VarChar)
        .maxLength(64).build());
    schema.addField(AddFieldReq.builder().fieldName("score").dataType(DataType.Int32)
        .isNullable(true).build());
    schema.addField(AddFieldReq.builder().fieldName("weight").dataType(DataType.Float)
        .defaultValue(1.5f).build());
    schema.addField(AddFieldReq.builder().fieldName("tags").dataType(DataType.Array)
        .elementType(DataType.VarChar).maxLength(16).maxCapacity(4).isNullable(true).build());
    schema.addField(AddFieldReq.builder().fieldName("meta").dataType(DataType.JSON)
        .isNullable(true).build());
    IndexParam index = IndexParam.builder().fieldName("vec").indexType(IndexParam.IndexType.HNSW)
        .metricType(metric).extraParams(Map.of("M", 16, "efConstruction", 64)).build();
    client.createCollection(CreateCollectionReq.builder().collectionName(name)
        .collectionSchema(schema).indexParams(List.of(index)).numShards(2).build());
  }

  static List<QueryResp.QueryResult> query(MilvusClientV2 client, String collection,
      String filter, List<String> output) {
    return client.query(QueryReq.builder().collectionName(collection).filter(filter)
        .outputFields(output).consistencyLevel(ConsistencyLevel.STRONG).build()).getQueryResults();
  }
}
