package io.vectorlake.serving.shard;

import io.milvus.grpc.ConsistencyLevel;
import io.milvus.grpc.QueryRequest;
import io.milvus.grpc.QueryResults;
import io.milvus.grpc.TemplateValue;
import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.Row;
import io.vectorlake.catalog.warehouse.CollectionId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a node asks its peers about the rows of their shards, at the newest WAL position: the keys
 * a filter matches (for Delete), the vectors of given keys (for search by primary keys) and row
 * counts (for statistics). Each is a Strong query the peers answer from their own shards.
 */
public final class PeerLookups {
  private final PeerFanout fanout;

  public PeerLookups(PeerFanout fanout) {
    this.fanout = fanout;
  }

  public boolean isActive() {
    return fanout.isActive();
  }

  /** The primary keys of the peers' rows the filter matches (in one partition when named). */
  public List<Object> keysMatching(CollectionId id, CollectionSchema schema, String expr,
      Map<String, TemplateValue> templates, String partition, long floor) {
    String key = schema.primaryKey().name();
    QueryRequest.Builder request = strong(id).setExpr(expr).putAllExprTemplateValues(templates)
        .addOutputFields(key);
    if (partition != null) {
      request.addPartitionNames(partition);
    }
    List<Object> keys = new ArrayList<>();
    for (QueryResults peer : fanout.query(request.build(), floor)) {
      for (Row row : ShardedReads.rows(id.name(), schema, peer)) {
        keys.add(row.get(key));
      }
    }
    return keys;
  }

  /** The vectors of {@code field} the peers hold for {@code keys}. */
  public Map<Object, float[]> vectors(CollectionId id, CollectionSchema schema, String field,
      List<Object> keys, long floor) {
    Map<Object, float[]> found = new HashMap<>();
    if (keys.isEmpty()) {
      return found;
    }
    String key = schema.primaryKey().name();
    QueryRequest request = strong(id).setExpr(key + " in " + literal(keys))
        .addOutputFields(key).addOutputFields(field).build();
    for (QueryResults peer : fanout.query(request, floor)) {
      for (Row row : ShardedReads.rows(id.name(), schema, peer)) {
        found.put(row.get(key), row.vector(field));
      }
    }
    return found;
  }

  /** The rows the peers hold (in one partition when named). */
  public long count(CollectionId id, String partition, long floor) {
    QueryRequest.Builder request = strong(id).setExpr("").addOutputFields("count(*)");
    if (partition != null) {
      request.addPartitionNames(partition);
    }
    long total = 0;
    for (QueryResults peer : fanout.query(request.build(), floor)) {
      total += ShardedReads.count(peer);
    }
    return total;
  }

  private static QueryRequest.Builder strong(CollectionId id) {
    return QueryRequest.newBuilder().setDbName(id.database()).setCollectionName(id.name())
        .setConsistencyLevel(ConsistencyLevel.Strong).setUseDefaultConsistency(false);
  }

  /** A filter-language list of keys: numbers as they are, strings quoted and escaped. */
  static String literal(List<Object> keys) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < keys.size(); i++) {
      if (i > 0) {
        out.append(", ");
      }
      Object key = keys.get(i);
      if (key instanceof String text) {
        out.append('"').append(text.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
      } else {
        out.append(key);
      }
    }
    return out.append(']').toString();
  }
}
