package io.vectorlake.serving.shard;

import io.milvus.grpc.FieldData;
import com.google.protobuf.ByteString;
import io.milvus.grpc.KeyValuePair;
import io.milvus.grpc.PlaceholderGroup;
import io.milvus.grpc.PlaceholderType;
import io.milvus.grpc.PlaceholderValue;
import io.milvus.grpc.QueryRequest;
import io.milvus.grpc.QueryResults;
import io.milvus.grpc.SearchRequest;
import io.milvus.grpc.SearchResultData;
import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.schema.Row;
import io.vectorlake.catalog.schema.ValueConverter;
import io.vectorlake.catalog.view.ResolvedRow;
import io.vectorlake.serving.dml.FieldDataDecoder;
import io.vectorlake.serving.search.Hit;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a node merges a search or query across the nodes of the other shards: the requests it
 * forwards (asking each peer for the first {@code offset + limit} rows, so the offset is applied
 * once, after merging) and the decoding of the peers' answers back into hits and rows.
 */
public final class ShardedReads {
  private ShardedReads() {}

  /** The search a peer runs: its best {@code k} hits, offset 0, in the resolved database. */
  public static SearchRequest forPeers(SearchRequest request, String database, int k) {
    List<KeyValuePair> params = new ArrayList<>();
    for (KeyValuePair pair : request.getSearchParamsList()) {
      switch (pair.getKey()) {
        case "topk" -> params.add(pair.toBuilder().setValue(Integer.toString(k)).build());
        case "offset" -> params.add(pair.toBuilder().setValue("0").build());
        default -> params.add(pair);
      }
    }
    return request.toBuilder().setDbName(database).clearSearchParams().addAllSearchParams(params)
        .build();
  }

  /** The same search by the given query vectors (instead of primary keys a peer may not hold). */
  public static SearchRequest byVectors(SearchRequest request, float[][] queries) {
    PlaceholderValue.Builder value = PlaceholderValue.newBuilder().setTag("$0")
        .setType(PlaceholderType.FloatVector);
    for (float[] query : queries) {
      ByteBuffer bytes = ByteBuffer.allocate(query.length * Float.BYTES)
          .order(ByteOrder.LITTLE_ENDIAN);
      bytes.asFloatBuffer().put(query);
      value.addValues(ByteString.copyFrom(bytes.array()));
    }
    return request.toBuilder()
        .setPlaceholderGroup(PlaceholderGroup.newBuilder().addPlaceholders(value).build()
            .toByteString())
        .setNq(queries.length).build();
  }

  /** The query a peer runs: the first {@code offset + limit} rows, in the resolved database. */
  public static QueryRequest forPeers(QueryRequest request, String database) {
    long limit = -1;
    long offset = 0;
    for (KeyValuePair pair : request.getQueryParamsList()) {
      if (pair.getKey().equals("limit")) {
        limit = Long.parseLong(pair.getValue().trim());
      } else if (pair.getKey().equals("offset")) {
        offset = Long.parseLong(pair.getValue().trim());
      }
    }
    List<KeyValuePair> params = new ArrayList<>();
    for (KeyValuePair pair : request.getQueryParamsList()) {
      switch (pair.getKey()) {
        case "limit" -> params.add(pair.toBuilder().setValue(Long.toString(limit + offset)).build());
        case "offset" -> params.add(pair.toBuilder().setValue("0").build());
        default -> params.add(pair);
      }
    }
    return request.toBuilder().setDbName(database).clearQueryParams().addAllQueryParams(params)
        .build();
  }

  /** A peer's search answer as hits per query (rows hold the output fields it returned). */
  public static List<List<Hit>> hits(String collection, CollectionSchema schema,
      SearchResultData data) {
    int total = data.getScoresCount();
    List<Map<String, Object>> values =
        FieldDataDecoder.rows(collection, schema, data.getFieldsDataList(), total);
    boolean stringKeys = data.getIds().hasStrId();
    List<List<Hit>> out = new ArrayList<>();
    int next = 0;
    for (long count : data.getTopksList()) {
      List<Hit> query = new ArrayList<>();
      for (int i = 0; i < count; i++, next++) {
        Object key = stringKeys ? data.getIds().getStrId().getData(next)
            : (Object) data.getIds().getIntId().getData(next);
        Map<String, Object> fields = values.isEmpty() ? new HashMap<>() : values.get(next);
        fields.put(schema.primaryKey().name(), key);
        query.add(new Hit(new ResolvedRow(key, null, 0, 0, canonical(schema, fields)),
            data.getScores(next)));
      }
      out.add(query);
    }
    return out;
  }

  /** The best {@code k} hits per query of all sources, best first (ties: smaller key first). */
  public static List<List<Hit>> merge(List<List<List<Hit>>> sources, MetricType metric, int k) {
    Comparator<Hit> bestFirst = Comparator.comparingDouble(Hit::score);
    if (metric.largerIsCloser()) {
      bestFirst = bestFirst.reversed();
    }
    bestFirst = bestFirst.thenComparing(h -> (Comparable) h.row().primaryKey(), ShardedReads::compare);
    int queries = sources.get(0).size();
    List<List<Hit>> merged = new ArrayList<>(queries);
    for (int q = 0; q < queries; q++) {
      List<Hit> all = new ArrayList<>();
      for (List<List<Hit>> source : sources) {
        all.addAll(source.get(q));
      }
      all.sort(bestFirst);
      merged.add(new ArrayList<>(all.subList(0, Math.min(k, all.size()))));
    }
    return merged;
  }

  /** A query answer's rows, canonical. */
  public static List<Row> rows(String collection, CollectionSchema schema, QueryResults results) {
    List<Row> rows = new ArrayList<>();
    for (Map<String, Object> fields :
        FieldDataDecoder.rows(collection, schema, results.getFieldsDataList(), 0)) {
      rows.add(canonical(schema, fields));
    }
    return rows;
  }

  /** The rows a query's offset and limit select, ordered by primary key as one node orders them. */
  public static List<Row> page(CollectionSchema schema, List<Row> rows, QueryRequest request) {
    String key = schema.primaryKey().name();
    List<Row> sorted = new ArrayList<>(rows);
    sorted.sort((a, b) -> compare((Comparable) a.get(key), (Comparable) b.get(key)));
    long limit = -1;
    long offset = 0;
    for (KeyValuePair pair : request.getQueryParamsList()) {
      if (pair.getKey().equals("limit")) {
        limit = Long.parseLong(pair.getValue().trim());
      } else if (pair.getKey().equals("offset")) {
        offset = Long.parseLong(pair.getValue().trim());
      }
    }
    int from = (int) Math.min(offset, sorted.size());
    int to = limit < 0 ? sorted.size() : (int) Math.min(sorted.size(), offset + limit);
    return sorted.subList(from, to);
  }

  /** The count a {@code count(*)} query answered. */
  public static long count(QueryResults results) {
    for (FieldData column : results.getFieldsDataList()) {
      if (column.getScalars().hasLongData() && column.getScalars().getLongData().getDataCount() > 0) {
        return column.getScalars().getLongData().getData(0);
      }
    }
    return 0;
  }

  /** Decoded values as canonical row values; undeclared keys go to the dynamic field. */
  private static Row canonical(CollectionSchema schema, Map<String, Object> fields) {
    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, Object> dynamic = new LinkedHashMap<>();
    fields.forEach((name, value) -> {
      if (value == null) {
        return;
      }
      FieldSchema field = schema.field(name).orElse(null);
      if (field != null) {
        values.put(name, ValueConverter.convert(field, value));
      } else {
        dynamic.put(name, value);
      }
    });
    if (!dynamic.isEmpty()) {
      values.put(CollectionSchema.DYNAMIC_FIELD,
          ValueConverter.json(CollectionSchema.DYNAMIC_FIELD, dynamic));
    }
    return Row.ofCanonical(values);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static int compare(Comparable a, Comparable b) {
    return a.compareTo(b);
  }
}
