package io.vectorlake.serving.search;

import io.milvus.grpc.ConsistencyLevel;
import io.milvus.grpc.QueryRequest;
import io.milvus.grpc.QueryResults;
import io.milvus.grpc.SearchRequest;
import io.milvus.grpc.SearchResultData;
import io.milvus.grpc.SearchResults;
import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.serving.collection.CollectionAdmin;
import io.vectorlake.serving.load.CollectionSnapshot;
import io.vectorlake.serving.load.ConsistencyPolicy;
import io.vectorlake.serving.load.LoadedCollection;
import io.vectorlake.serving.load.LoadedCollections;
import io.vectorlake.serving.query.OutputFields;
import io.vectorlake.serving.query.QueryExecutor;
import io.vectorlake.serving.query.TemplateValues;
import io.vectorlake.serving.rpc.MilvusStatus;
import io.vectorlake.serving.rpc.RequestContext;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Search and Query: picks the snapshot the consistency level asks for, checks the request against
 * it, and runs it.
 */
public final class ReadService {
  private final LoadedCollections loaded;
  private final ConsistencyPolicy consistency;
  private final SearchExecutor executor;

  public ReadService(LoadedCollections loaded, ConsistencyPolicy consistency,
      SearchExecutor executor) {
    this.loaded = loaded;
    this.consistency = consistency;
    this.executor = executor;
  }

  public SearchResults search(SearchRequest request) {
    CollectionId id = CollectionAdmin.id(request.getDbName(), request.getCollectionName());
    LoadedCollection collection = loaded.require(id);
    CollectionSnapshot snapshot = snapshot(collection, id, request.getUseDefaultConsistency(),
        request.getConsistencyLevel());
    CollectionSchema schema = snapshot.schema();
    SearchPlan plan = SearchPlan.of(id.name(), schema, snapshot.indexes(), request,
        (field, keys) -> vectorsOf(snapshot, field, keys));
    RowFilter filter = RowFilter.parse(request.getDsl(), schema,
        TemplateValues.of(request.getExprTemplateValuesMap()));
    RowSelection selection =
        RowSelection.of(id.name(), snapshot, request.getPartitionNamesList(), filter);
    OutputFields output =
        OutputFields.resolve(id.name(), schema, request.getOutputFieldsList(), false);
    SearchResultData data = executor.search(snapshot, plan, selection, output);
    return SearchResults.newBuilder()
        .setStatus(MilvusStatus.ok())
        .setCollectionName(id.name())
        .setResults(data)
        .build();
  }

  public QueryResults query(QueryRequest request) {
    CollectionId id = CollectionAdmin.id(request.getDbName(), request.getCollectionName());
    LoadedCollection collection = loaded.require(id);
    CollectionSnapshot snapshot = snapshot(collection, id, request.getUseDefaultConsistency(),
        request.getConsistencyLevel());
    CollectionSchema schema = snapshot.schema();
    RowFilter filter = RowFilter.parse(request.getExpr(), schema,
        TemplateValues.of(request.getExprTemplateValuesMap()));
    RowSelection selection =
        RowSelection.of(id.name(), snapshot, request.getPartitionNamesList(), filter);
    QueryResults results;
    if (QueryExecutor.isCount(request.getOutputFieldsList())) {
      results = QueryExecutor.count(id.name(), snapshot, selection);
    } else {
      OutputFields output =
          OutputFields.resolve(id.name(), schema, request.getOutputFieldsList(), true);
      results = QueryExecutor.query(id.name(), snapshot, selection, output,
          request.getQueryParamsList(), !request.getExpr().isBlank());
    }
    return results.toBuilder().setStatus(MilvusStatus.ok()).build();
  }

  private static Map<Object, float[]> vectorsOf(CollectionSnapshot snapshot, String field,
      List<Object> keys) {
    Set<Object> wanted = new HashSet<>(keys);
    Map<Object, float[]> found = new HashMap<>();
    for (SegmentSearcher segment : snapshot.segments()) {
      BitSet live = segment.live();
      for (int i = 0; i < segment.rowCount(); i++) {
        if ((live == null || live.get(i)) && wanted.contains(segment.row(i).primaryKey())) {
          found.put(segment.row(i).primaryKey(), segment.row(i).row().vector(field));
        }
      }
    }
    return found;
  }

  private CollectionSnapshot snapshot(LoadedCollection collection, CollectionId id,
      boolean useDefault, ConsistencyLevel requested) {
    ConsistencyLevel level = useDefault
        ? CollectionAdmin.defaultConsistency(collection.collection()) : requested;
    return consistency.snapshot(collection, id, level, RequestContext.client());
  }
}
