package io.vectorlake.examples.soak;

import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.QueryResp;
import io.milvus.v2.service.vector.response.SearchResp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Strong reads through the SDK, each checked against the model for the read's window. Reads race
 * with both writers, so a read is checked against every state the model allows between two
 * bounds: what was acknowledged before the read started (the Flink ops of the newest checkpoint
 * the WAL showed committed, the SDK batches whose call returned OK before the read was sent) and
 * what had started before its answer came (any later Flink op; SDK batches sent before the answer,
 * and failed ones, which are indeterminate). Row content must equal the version's vector, a key
 * whose every allowed state is deleted must be absent, {@code count(*)} must lie between the keys
 * that must exist and those that may, and a search hit must be an allowed version of its key.
 */
final class ReadChecker {
  private final FlinkModel flink;
  private final SdkHistory sdk;
  private final SoakStats stats;
  private final FaultLog faults;
  private final LongSupplier flinkAcknowledged;

  ReadChecker(FlinkModel flink, SdkHistory sdk, SoakStats stats, FaultLog faults,
      LongSupplier flinkAcknowledged) {
    this.flink = flink;
    this.sdk = sdk;
    this.stats = stats;
    this.faults = faults;
    this.flinkAcknowledged = flinkAcknowledged;
  }

  private Candidates candidates(long key, long acknowledged, long readStart, long readEnd) {
    return FlinkModel.owns(key)
        ? flink.candidates(key, acknowledged)
        : sdk.candidates(key, readStart, readEnd);
  }

  /** Every key either writer may have written. */
  List<Long> allKeys() {
    List<Long> keys = new ArrayList<>(flink.keys());
    keys.addAll(sdk.keys());
    return keys;
  }

  /** One random read: get-by-ids (half the time), a search or a count. */
  void randomRead(NodeClients clients, SplittableRandom random) {
    int dice = random.nextInt(4);
    long started = System.nanoTime();
    try {
      if (dice < 2) {
        getByIds(clients, sampleKeys(random, 20));
      } else if (dice == 2) {
        search(clients, FlinkOps.vector(random));
      } else {
        count(clients);
      }
    } catch (RuntimeException e) {
      if (faults.explains(started, System.nanoTime())) {
        stats.count("reads failed, explained by a node fault");
      } else {
        stats.mismatch("read failed with no fault to explain it", e.toString());
      }
      clients.failed();
    }
  }

  private List<Long> sampleKeys(SplittableRandom random, int n) {
    List<Long> keys = new ArrayList<>();
    long flinkKeys = Math.max(1, flinkAcknowledged.getAsLong() / 4 + 16);
    List<Long> sdkKeys = sdk.keys();
    for (int i = 0; i < n; i++) {
      keys.add(i % 2 == 0 || sdkKeys.isEmpty()
          ? random.nextLong(flinkKeys)
          : sdkKeys.get(random.nextInt(sdkKeys.size())));
    }
    return keys.stream().distinct().toList();
  }

  /** Reads {@code keys} (Strong) and checks each; returns key to version (-1 absent). */
  Map<Long, Long> getByIds(NodeClients clients, List<Long> keys) {
    long acknowledged = flinkAcknowledged.getAsLong();
    long readStart = System.nanoTime();
    QueryResp answer = clients.client().query(QueryReq.builder()
        .collectionName(clients.collection())
        .filter(SoakCollection.KEY + " in [" + keys.stream().map(String::valueOf)
            .collect(Collectors.joining(", ")) + "]")
        .outputFields(List.of(SoakCollection.KEY, SoakCollection.VERSION, SoakCollection.VECTOR))
        .consistencyLevel(ConsistencyLevel.STRONG).build());
    long readEnd = System.nanoTime();
    Map<Long, Long> seen = new HashMap<>();
    for (QueryResp.QueryResult result : answer.getQueryResults()) {
      Map<String, Object> row = result.getEntity();
      long key = ((Number) row.get(SoakCollection.KEY)).longValue();
      long version = ((Number) row.get(SoakCollection.VERSION)).longValue();
      if (seen.put(key, version) != null) {
        stats.mismatch("get returned a key twice", "key " + key);
      }
      Candidates allowed = candidates(key, acknowledged, readStart, readEnd);
      float[] vector = vector(row.get(SoakCollection.VECTOR));
      if (vector == null) {
        stats.mismatch("get returned no vector", "key " + key);
      } else if (!allowed.allows(version, vector)) {
        stats.mismatch("get: row not an allowed state of its key", "key " + key + " version "
            + version + " (vector checked); allowed " + allowed + ", Flink acknowledged "
            + acknowledged);
      }
    }
    for (long key : keys) {
      if (!seen.containsKey(key)) {
        seen.put(key, -1L);
        Candidates allowed = candidates(key, acknowledged, readStart, readEnd);
        if (!allowed.allowsAbsent()) {
          stats.mismatch("get: acknowledged row missing", "key " + key + " absent; allowed "
              + allowed + ", Flink acknowledged " + acknowledged);
        }
      }
    }
    stats.count("reads checked: get-by-ids");
    return seen;
  }

  void search(NodeClients clients, float[] query) {
    long acknowledged = flinkAcknowledged.getAsLong();
    long readStart = System.nanoTime();
    SearchResp answer = clients.client().search(SearchReq.builder()
        .collectionName(clients.collection()).annsField(SoakCollection.VECTOR)
        .data(List.of(new FloatVec(query))).limit(10)
        .outputFields(List.of(SoakCollection.VERSION))
        .consistencyLevel(ConsistencyLevel.STRONG).build());
    long readEnd = System.nanoTime();
    stats.search(readEnd - readStart);
    Set<Long> ids = new HashSet<>();
    for (SearchResp.SearchResult hit : answer.getSearchResults().get(0)) {
      long key = ((Number) hit.getId()).longValue();
      long version = ((Number) hit.getEntity().get(SoakCollection.VERSION)).longValue();
      if (!ids.add(key)) {
        stats.mismatch("search returned a key twice", "key " + key);
      }
      Candidates allowed = candidates(key, acknowledged, readStart, readEnd);
      if (!allowed.allows(version, null)) {
        stats.mismatch("search returned a deleted or superseded row", "key " + key + " version "
            + version + "; allowed " + allowed + ", Flink acknowledged " + acknowledged);
      }
    }
    stats.count("reads checked: search");
  }

  void count(NodeClients clients) {
    long acknowledged = flinkAcknowledged.getAsLong();
    long readStart = System.nanoTime();
    QueryResp answer = clients.client().query(QueryReq.builder()
        .collectionName(clients.collection()).filter(SoakCollection.KEY + " >= 0")
        .outputFields(List.of("count(*)")).consistencyLevel(ConsistencyLevel.STRONG).build());
    long readEnd = System.nanoTime();
    long counted = ((Number) answer.getQueryResults().get(0).getEntity().get("count(*)")).longValue();
    long must = 0;
    long may = 0;
    List<Long> keys = new ArrayList<>(flink.keys());
    keys.addAll(sdk.keys());
    for (long key : keys) {
      Candidates allowed = candidates(key, acknowledged, readStart, readEnd);
      must += allowed.allowsAbsent() ? 0 : 1;
      may += allowed.allowsPresent() ? 1 : 0;
    }
    if (counted < must || counted > may) {
      stats.mismatch("count(*) outside what the model allows", "counted " + counted
          + ", allowed [" + must + ", " + may + "], Flink acknowledged " + acknowledged);
    }
    stats.count("reads checked: count(*)");
  }

  private static float[] vector(Object value) {
    if (!(value instanceof List<?> list)) {
      return null;
    }
    float[] out = new float[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) list.get(i)).floatValue();
    }
    return out;
  }
}
