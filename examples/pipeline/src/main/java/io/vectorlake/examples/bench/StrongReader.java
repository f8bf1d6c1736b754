package io.vectorlake.examples.bench;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A Milvus SDK client on its own thread searching one collection at Strong consistency, with a
 * pause between reads, adding each read's latency to whatever window the bench is in.
 */
final class StrongReader implements AutoCloseable {
  private final MilvusClientV2 client;
  private final String collection;
  private final int dim;
  private final long pauseMillis;
  private final Supplier<LatencyWindow> window;
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final Thread thread;
  private volatile boolean running = true;

  StrongReader(String uri, String database, String collection, int dim, long pauseMillis,
      Supplier<LatencyWindow> window) {
    this.client = new MilvusClientV2(ConnectConfig.builder().uri(uri).dbName(database).build());
    this.collection = collection;
    this.dim = dim;
    this.pauseMillis = pauseMillis;
    this.window = window;
    client.loadCollection(LoadCollectionReq.builder().collectionName(collection).build());
    this.thread = new Thread(this::run, "strong-reader");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    Random random = new Random(11);
    while (running) {
      float[] query = new float[dim];
      for (int i = 0; i < dim; i++) {
        query[i] = random.nextFloat();
      }
      try {
        long started = System.nanoTime();
        client.search(SearchReq.builder().collectionName(collection).annsField("vector")
            .data(List.of(new FloatVec(query))).limit(10)
            .consistencyLevel(ConsistencyLevel.STRONG).build());
        window.get().add(System.nanoTime() - started);
        Thread.sleep(pauseMillis);
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        failure.compareAndSet(null, e);
        return;
      }
    }
  }

  /** Throws the first error a read got, so the bench stops instead of measuring nothing. */
  void check() {
    Exception e = failure.get();
    if (e != null) {
      throw new IllegalStateException("a Strong read failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(30_000);
    client.close();
  }
}
