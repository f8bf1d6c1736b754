package io.vectorlake.examples.soak;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.service.vector.request.DeleteReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.UpsertReq;
import io.vectorlake.catalog.wal.WalOp;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * Writes through the serving nodes with the Milvus SDK: batches of 1-8 inserts of fresh keys,
 * upserts (one in five into the second partition) or deletes of keys it wrote before, one call at
 * a time, each recorded in the {@link SdkHistory} before it is sent and when it returns.
 */
final class SdkWriter implements Runnable {
  private final NodeClients clients;
  private final SdkHistory history;
  private final SoakStats stats;
  private final FaultLog faults;
  private final SplittableRandom random;
  private final BooleanSupplier running;
  private final List<Long> written = new ArrayList<>();

  SdkWriter(NodeClients clients, SdkHistory history, SoakStats stats, FaultLog faults, long seed,
      BooleanSupplier running) {
    this.clients = clients;
    this.history = history;
    this.stats = stats;
    this.faults = faults;
    this.random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    this.running = running;
  }

  @Override
  public void run() {
    while (running.getAsBoolean()) {
      writeOne();
      try {
        Thread.sleep(50 + random.nextInt(150));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void writeOne() {
    int size = 1 + random.nextInt(8);
    int dice = random.nextInt(10);
    WalOp kind = written.size() < 50 || dice < 4 ? WalOp.INSERT : dice < 8 ? WalOp.UPSERT : WalOp.DELETE;
    String partition = kind != WalOp.DELETE && random.nextInt(5) == 0
        ? SoakCollection.SECOND_PARTITION : SoakCollection.DEFAULT_PARTITION;
    Set<Long> keys = new LinkedHashSet<>();
    for (int i = 0; i < size; i++) {
      keys.add(kind == WalOp.INSERT ? history.freshKey() : written.get(random.nextInt(written.size())));
    }
    long version = SdkHistory.VERSION_BASE + history.batches().size();
    List<SoakOp> ops = new ArrayList<>();
    for (long key : keys) {
      ops.add(new SoakOp(version, kind, key, kind == WalOp.DELETE ? null : partition, version,
          kind == WalOp.DELETE ? null : FlinkOps.vector(random)));
    }
    SdkHistory.Batch batch = history.begin(kind, ops);
    boolean ok = false;
    try {
      send(clients.client(), clients.collection(), kind, partition, ops);
      ok = true;
    } catch (RuntimeException e) {
      long now = System.nanoTime();
      if (faults.explains(batch.start, now)) {
        stats.count("SDK writes failed, explained by a node fault (indeterminate)");
      } else {
        stats.mismatch("SDK write failed with no fault to explain it",
            kind + " of " + keys + ": " + e);
      }
      clients.failed();
    } finally {
      history.finish(batch, ok);
    }
    if (ok) {
      stats.commit(batch.end - batch.start);
      stats.add("SDK writer: ops acknowledged", ops.size());
      if (kind == WalOp.INSERT) {
        written.addAll(keys);
      }
    }
  }

  private static void send(MilvusClientV2 client, String collection, WalOp kind, String partition,
      List<SoakOp> ops) {
    switch (kind) {
      case INSERT -> client.insert(InsertReq.builder().collectionName(collection)
          .partitionName(partition).data(rows(ops)).build());
      case UPSERT -> client.upsert(UpsertReq.builder().collectionName(collection)
          .partitionName(partition).data(rows(ops)).build());
      case DELETE -> client.delete(DeleteReq.builder().collectionName(collection)
          .ids(new ArrayList<>(ops.stream().map(SoakOp::key).toList())).build());
    }
  }

  private static List<JsonObject> rows(List<SoakOp> ops) {
    List<JsonObject> rows = new ArrayList<>();
    for (SoakOp op : ops) {
      JsonObject row = new JsonObject();
      row.addProperty(SoakCollection.KEY, op.key());
      JsonArray vector = new JsonArray();
      for (float f : op.vector()) {
        vector.add(f);
      }
      row.add(SoakCollection.VECTOR, vector);
      row.addProperty(SoakCollection.VERSION, op.version());
      rows.add(row);
    }
    return rows;
  }
}
