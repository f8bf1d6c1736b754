package io.vectorlake.serving.search;

import io.milvus.grpc.ConsistencyLevel;
import io.milvus.grpc.HybridSearchRequest;
import io.milvus.grpc.QueryRequest;
import io.milvus.grpc.QueryResults;
import io.milvus.grpc.SearchRequest;
import io.milvus.grpc.SearchResultData;
import io.milvus.grpc.SearchResults;
import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.serving.collection.CollectionAdmin;
import io.vectorlake.serving.load.CollectionSnapshot;
import io.vectorlake.serving.load.ConsistencyPolicy;
import io.vectorlake.serving.load.LoadedCollection;
import io.vectorlake.serving.load.LoadedCollections;
import io.vectorlake.serving.load.SnapshotLease;
import io.vectorlake.serving.query.OutputFields;
import io.vectorlake.serving.query.QueryExecutor;
import io.vectorlake.serving.rpc.RequestContext;
import io.vectorlake.serving.rpc.ServingException;
import io.vectorlake.serving.shard.PeerFanout;
import io.vectorlake.serving.shard.PeerLookups;
import io.vectorlake.serving.shard.ShardedReads;
import io.vectorlake.serving.query.TemplateValues;
import io.vectorlake.serving.rpc.ErrorKind;
import io.vectorlake.serving.rpc.MilvusStatus;
import io.vectorlake.serving.rpc.RequestLimits;
import io.vectorlake.serving.rpc.RequestContext;
import io.vectorlake.serving.rpc.ServingException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Search, HybridSearch and Query: picks the snapshot the consistency level asks for, checks the
 * request against it, and runs it.
 */
public final class ReadService {
  private final LoadedCollections loaded;
  private final ConsistencyPolicy consistency;
  private final SearchExecutor executor;
  private final PeerFanout fanout;
  private final RequestLimits limits;
  private final PeerLookups lookups;

  public ReadService(LoadedCollections loaded, ConsistencyPolicy consistency,
      SearchExecutor executor) {
    this(loaded, consistency, executor, new PeerFanout(List.of(), null), RequestLimits.DEFAULT);
  }

  /** With {@code fanout} active, searches and queries also run on the peers and merge. */
  public ReadService(LoadedCollections loaded, ConsistencyPolicy consistency,
      SearchExecutor executor, PeerFanout fanout, RequestLimits limits) {
    this.fanout = fanout;
    this.limits = limits;
    this.lookups = new PeerLookups(fanout);
    this.loaded = loaded;
    this.consistency = consistency;
    this.executor = executor;
  }

  public SearchResults search(SearchRequest request) {
    CollectionId id = CollectionAdmin.id(request.getDbName(), request.getCollectionName());
    LoadedCollection collection = loaded.require(id);
    try (SnapshotLease lease = lease(collection, id, request.getUseDefaultConsistency(),
        request.getConsistencyLevel())) {
      return search(request, id, lease.snapshot());
    }
  }

  private SearchResults search(SearchRequest request, CollectionId id,
      CollectionSnapshot snapshot) {
    CollectionSchema schema = snapshot.schema();
    boolean sharded = sharded();
    SearchPlan plan = SearchPlan.of(id.name(), schema, snapshot.indexes(), request,
        (field, keys) -> vectorsOf(id, snapshot, field, keys), limits);
    RowFilter filter = RowFilter.parse(request.getDsl(), schema,
        TemplateValues.of(request.getExprTemplateValuesMap()));
    RowSelection selection =
        RowSelection.of(id.name(), snapshot, request.getPartitionNamesList(), filter);
    OutputFields output =
        OutputFields.resolve(id.name(), schema, request.getOutputFieldsList(), false);
    SearchResultData data;
    if (sharded) {
      // Every node returns its best offset + topK; the offset is applied once, after merging.
      List<List<Hit>> page = new ArrayList<>();
      for (List<Hit> query : hitsAcrossShards(request, id, snapshot, plan, selection)) {
        page.add(query.subList(Math.min(plan.offset(), query.size()), query.size()));
      }
      data = SearchExecutor.layout(schema, page, plan.topK(), plan.roundDecimal(), output);
    } else {
      data = executor.search(snapshot, plan, selection, output);
    }
    return SearchResults.newBuilder()
        .setStatus(MilvusStatus.ok())
        .setCollectionName(id.name())
        .setResults(data)
        .build();
  }

  /** Several searches (one per vector field or query set) fused by an RRF or weighted ranker. */
  public SearchResults hybridSearch(HybridSearchRequest request) {
    CollectionId id = CollectionAdmin.id(request.getDbName(), request.getCollectionName());
    LoadedCollection collection = loaded.require(id);
    if (request.hasFunctionScore() && request.getFunctionScore().getFunctionsCount() > 0) {
      throw ServingException.unimplemented("hybrid search with function rankers (decay, model)");
    }
    if (request.getRequestsCount() == 0) {
      throw ServingException.invalid("a hybrid search needs at least one search request");
    }
    Map<String, String> params = new HashMap<>();
    request.getRankParamsList().forEach(p -> params.put(p.getKey(), p.getValue()));
    if (params.containsKey("group_by_field")) {
      throw ServingException.unimplemented("hybrid search with group_by_field");
    }
    int limit = intParam(params, "limit", -1);
    int offset = intParam(params, "offset", 0);
    if (limit <= 0 || offset < 0 || limit + offset > limits.maxTopK()) {
      throw new ServingException(ErrorKind.ILLEGAL_TOPK, "hybrid search limit must be in [1, "
          + limits.maxTopK() + "] with offset >= 0 and limit + offset at most "
          + limits.maxTopK() + ", got limit " + limit + ", offset " + offset);
    }
    Reranker ranker = Reranker.of(params.get("strategy"), params.get("params"),
        request.getRequestsCount());
    try (SnapshotLease lease = lease(collection, id, request.getUseDefaultConsistency(),
        request.getConsistencyLevel())) {
      return hybridSearch(request, id, lease.snapshot(), ranker, limit, offset, params);
    }
  }

  private SearchResults hybridSearch(HybridSearchRequest request, CollectionId id,
      CollectionSnapshot snapshot, Reranker ranker, int limit, int offset,
      Map<String, String> params) {
    CollectionSchema schema = snapshot.schema();
    List<List<List<Hit>>> results = new ArrayList<>();
    List<MetricType> metrics = new ArrayList<>();
    for (SearchRequest sub : request.getRequestsList()) {
      SearchPlan plan = SearchPlan.of(id.name(), schema, snapshot.indexes(), sub,
          (field, keys) -> vectorsOf(id, snapshot, field, keys), limits);
      RowFilter filter = RowFilter.parse(sub.getDsl(), schema,
          TemplateValues.of(sub.getExprTemplateValuesMap()));
      List<String> partitions = request.getPartitionNamesCount() > 0
          ? request.getPartitionNamesList() : sub.getPartitionNamesList();
      RowSelection selection = RowSelection.of(id.name(), snapshot, partitions, filter);
      if (sharded()) {
        // Each search is merged across the shards first: fusion ranks the merged lists.
        SearchRequest forwarded = sub.toBuilder().setCollectionName(id.name())
            .clearPartitionNames().addAllPartitionNames(partitions)
            .clearOutputFields().addAllOutputFields(request.getOutputFieldsList()).build();
        results.add(hitsAcrossShards(forwarded, id, snapshot, plan, selection));
      } else {
        results.add(executor.hits(snapshot, plan, selection));
      }
      metrics.add(plan.search().metric());
    }
    int nq = results.get(0).size();
    for (List<List<Hit>> result : results) {
      if (result.size() != nq) {
        throw ServingException.invalid("every search of a hybrid search needs the same number"
            + " of query vectors; got " + nq + " and " + result.size());
      }
    }
    List<List<Hit>> fused = new ArrayList<>();
    for (int q = 0; q < nq; q++) {
      List<List<Hit>> lists = new ArrayList<>();
      for (List<List<Hit>> result : results) {
        lists.add(result.get(q));
      }
      List<Hit> ranked = ranker.fuse(lists, metrics);
      fused.add(ranked.subList(Math.min(offset, ranked.size()), ranked.size()));
    }
    OutputFields output =
        OutputFields.resolve(id.name(), schema, request.getOutputFieldsList(), false);
    SearchResultData data = SearchExecutor.layout(schema, fused, limit,
        intParam(params, "round_decimal", -1), output);
    return SearchResults.newBuilder().setStatus(MilvusStatus.ok()).setCollectionName(id.name())
        .setResults(data).build();
  }

  private static int intParam(Map<String, String> params, String key, int fallback) {
    String value = params.get(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw ServingException.invalid("rank param '" + key + "' must be an integer, got '" + value
          + "'");
    }
  }

  public QueryResults query(QueryRequest request) {
    CollectionId id = CollectionAdmin.id(request.getDbName(), request.getCollectionName());
    LoadedCollection collection = loaded.require(id);
    try (SnapshotLease lease = lease(collection, id, request.getUseDefaultConsistency(),
        request.getConsistencyLevel())) {
      return query(request, id, lease.snapshot());
    }
  }

  private QueryResults query(QueryRequest request, CollectionId id, CollectionSnapshot snapshot) {
    CollectionSchema schema = snapshot.schema();
    RowFilter filter = RowFilter.parse(request.getExpr(), schema,
        TemplateValues.of(request.getExprTemplateValuesMap()));
    RowSelection selection =
        RowSelection.of(id.name(), snapshot, request.getPartitionNamesList(), filter);
    QueryResults results;
    if (sharded()) {
      results = queryAcrossShards(request, id, snapshot, selection);
    } else if (QueryExecutor.isCount(request.getOutputFieldsList())) {
      results = QueryExecutor.count(id.name(), snapshot, selection);
    } else {
      OutputFields output =
          OutputFields.resolve(id.name(), schema, request.getOutputFieldsList(), true);
      results = QueryExecutor.query(id.name(), snapshot, selection, output,
          request.getQueryParamsList(), !request.getExpr().isBlank());
    }
    return results.toBuilder().setStatus(MilvusStatus.ok()).build();
  }

  /** A query on this node's shards and on the peers', merged as one node holding all would. */
  private QueryResults queryAcrossShards(QueryRequest request, CollectionId id,
      CollectionSnapshot snapshot, RowSelection selection) {
    QueryRequest forwarded = ShardedReads.forPeers(request, id.database());
    List<QueryResults> peers = fanout.query(forwarded, snapshot.position());
    if (QueryExecutor.isCount(request.getOutputFieldsList())) {
      QueryResults local = QueryExecutor.count(id.name(), snapshot, selection);
      long total = ShardedReads.count(local);
      for (QueryResults peer : peers) {
        total += ShardedReads.count(peer);
      }
      return local.toBuilder().setFieldsData(0, local.getFieldsData(0).toBuilder()
          .setScalars(io.milvus.grpc.ScalarField.newBuilder().setLongData(
              io.milvus.grpc.LongArray.newBuilder().addData(total)))).build();
    }
    CollectionSchema schema = snapshot.schema();
    OutputFields output = OutputFields.resolve(id.name(), schema, request.getOutputFieldsList(), true);
    List<io.vectorlake.catalog.schema.Row> rows = new ArrayList<>(ShardedReads.rows(id.name(),
        schema, QueryExecutor.query(id.name(), snapshot, selection, output,
            forwarded.getQueryParamsList(), !request.getExpr().isBlank())));
    for (QueryResults peer : peers) {
      rows.addAll(ShardedReads.rows(id.name(), schema, peer));
    }
    return QueryExecutor.results(id.name(), schema, ShardedReads.page(schema, rows, request), output);
  }

  /** Whether this request is answered by all shards (this node holds some, peers the others). */
  private boolean sharded() {
    return fanout.isActive() && !RequestContext.localOnly();
  }

  /** The best {@code plan.search().k()} hits per query of this node's shards and the peers'. */
  private List<List<Hit>> hitsAcrossShards(SearchRequest request, CollectionId id,
      CollectionSnapshot snapshot, SearchPlan plan, RowSelection selection) {
    SearchRequest forwarded = ShardedReads.forPeers(request, id.database(), plan.search().k());
    if (request.getSearchInputCase() == SearchRequest.SearchInputCase.IDS) {
      // The keys may live in any shard: peers search by the vectors found for them here.
      forwarded = ShardedReads.byVectors(forwarded, plan.search().queries());
    }
    List<List<List<Hit>>> sources = new ArrayList<>();
    sources.add(executor.hits(snapshot, plan, selection));
    for (SearchResults peer : fanout.search(forwarded, snapshot.position())) {
      sources.add(ShardedReads.hits(id.name(), snapshot.schema(), peer.getResults()));
    }
    return ShardedReads.merge(sources, plan.search().metric(), plan.search().k());
  }

  /** The vectors of the keys, from this node's shards and, on a sharded node, the peers'. */
  private Map<Object, float[]> vectorsOf(CollectionId id, CollectionSnapshot snapshot,
      String field, List<Object> keys) {
    Map<Object, float[]> found = vectorsOf(snapshot, field, keys);
    if (sharded() && found.size() < new HashSet<>(keys).size()) {
      List<Object> missing = new ArrayList<>();
      for (Object key : new java.util.LinkedHashSet<>(keys)) {
        if (!found.containsKey(key)) {
          missing.add(key);
        }
      }
      found.putAll(lookups.vectors(id, snapshot.schema(), field, missing, snapshot.position()));
    }
    return found;
  }

  private static Map<Object, float[]> vectorsOf(CollectionSnapshot snapshot, String field,
      List<Object> keys) {
    Set<Object> wanted = new HashSet<>(keys);
    Map<Object, float[]> found = new HashMap<>();
    for (SegmentSearcher segment : snapshot.segments()) {
      BitSet live = segment.live();
      for (int i = 0; i < segment.rowCount(); i++) {
        if ((live == null || live.get(i)) && wanted.contains(segment.primaryKey(i))) {
          found.put(segment.primaryKey(i), segment.vector(field, i));
        }
      }
    }
    return found;
  }

  private SnapshotLease lease(LoadedCollection collection, CollectionId id,
      boolean useDefault, ConsistencyLevel requested) {
    ConsistencyLevel level = useDefault
        ? CollectionAdmin.defaultConsistency(collection.collection()) : requested;
    return consistency.lease(collection, id, level, RequestContext.client(),
        RequestContext.minPosition());
  }
}
