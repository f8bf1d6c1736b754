package io.vectorlake.serving.it;

import static io.vectorlake.serving.it.Rows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.vector.request.DeleteReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.SearchResp;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestartIT {
  @TempDir Path dir;

  private static List<Object> ids(MilvusClientV2 client, ConsistencyLevel level) {
    SearchResp resp = client.search(SearchReq.builder().collectionName("kept")
        .data(List.of(new FloatVec(new float[] {1, 0, 0, 0}))).limit(10)
        .consistencyLevel(level).build());
    return resp.getSearchResults().get(0).stream().map(SearchResp.SearchResult::getId).toList();
  }

  @Test
  void restartedServerLoadsTheSameCollectionsAndAnswersTheSame() {
    try (ServerFixture fixture = ServerFixture.plain(dir)) {
      MilvusClientV2 client = fixture.client();
      Rows.createFull(client, "kept", IndexParam.MetricType.COSINE);
      client.insert(InsertReq.builder().collectionName("kept").data(List.of(
          row(1, new float[] {1, 0, 0, 0}, "a"), row(2, new float[] {1, 1, 0, 0}, "b"),
          row(3, new float[] {0, 1, 0, 0}, "c"), row(4, new float[] {1, 0.1f, 0, 0}, "d")))
          .build());
      client.delete(DeleteReq.builder().collectionName("kept").ids(List.of(2L)).build());
      List<Object> before = ids(client, ConsistencyLevel.STRONG);
      assertEquals(List.of(1L, 4L, 3L), before);
      // Session: this client's own writes are visible without asking for Strong.
      assertEquals(before, ids(client, ConsistencyLevel.SESSION));

      fixture.restart();
      MilvusClientV2 again = fixture.client();
      // Loaded again at start-up, so even Eventually sees every committed write.
      assertEquals(before, ids(again, ConsistencyLevel.EVENTUALLY));
      assertEquals(2, again.describeCollection(DescribeCollectionReq.builder()
          .collectionName("kept").build()).getShardsNum());
    }
  }
}
