package io.vectorlake.examples.bench;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.BaseVector;
import io.milvus.v2.service.vector.request.data.FloatVec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Milvus SDK clients for the bench, one per concurrent caller (each thread keeps the client it
 * first got), searching one collection at Eventually consistency: the loaded view, as a serving
 * fleet under load answers.
 */
final class GrpcClients implements AutoCloseable {
  private final List<MilvusClientV2> clients = new ArrayList<>();
  private final AtomicInteger next = new AtomicInteger();
  private final ThreadLocal<MilvusClientV2> mine;
  private final String collection;
  private final double loadSeconds;

  GrpcClients(String uri, String database, String collection, int count) {
    this.collection = collection;
    for (int i = 0; i < count; i++) {
      clients.add(new MilvusClientV2(ConnectConfig.builder().uri(uri).dbName(database).build()));
    }
    long started = System.nanoTime();
    clients.get(0).loadCollection(LoadCollectionReq.builder().collectionName(collection).build());
    this.loadSeconds = (System.nanoTime() - started) / 1e9;
    this.mine = ThreadLocal.withInitial(() -> clients.get(next.getAndIncrement() % clients.size()));
  }

  /** How long LoadCollection took (the SDK waits until the collection is loaded). */
  double loadSeconds() {
    return loadSeconds;
  }

  long[] topK(float[] query, int k, int ef) {
    List<BaseVector> data = List.of(new FloatVec(query));
    return mine.get().search(SearchReq.builder().collectionName(collection).annsField("vector")
            .data(data).limit(k).searchParams(Map.of("ef", ef))
            .consistencyLevel(ConsistencyLevel.EVENTUALLY).build())
        .getSearchResults().get(0).stream().mapToLong(r -> ((Number) r.getId()).longValue()).toArray();
  }

  @Override
  public void close() {
    clients.forEach(MilvusClientV2::close);
  }
}
