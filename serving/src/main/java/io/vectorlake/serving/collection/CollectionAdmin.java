package io.vectorlake.serving.collection;

import io.milvus.grpc.BoolResponse;
import io.milvus.grpc.ConsistencyLevel;
import io.milvus.grpc.CreateCollectionRequest;
import io.milvus.grpc.CreateIndexRequest;
import io.milvus.grpc.DescribeCollectionResponse;
import io.milvus.grpc.DescribeIndexRequest;
import io.milvus.grpc.DescribeIndexResponse;
import io.milvus.grpc.DropIndexRequest;
import io.milvus.grpc.GetCollectionStatisticsResponse;
import io.milvus.grpc.IndexDescription;
import io.milvus.grpc.IndexState;
import io.milvus.grpc.KeyValuePair;
import io.milvus.grpc.ListDatabasesResponse;
import io.milvus.grpc.ShowCollectionsResponse;
import io.milvus.grpc.ShowPartitionsResponse;
import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.InvalidSchemaException;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.view.CollectionView;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import io.vectorlake.serving.dml.GroupCommitters;
import io.vectorlake.serving.dml.SessionPositions;
import io.vectorlake.serving.load.CollectionSnapshot;
import io.vectorlake.serving.load.LoadedCollection;
import io.vectorlake.serving.load.LoadedCollections;
import io.vectorlake.serving.load.SnapshotLease;
import io.vectorlake.serving.rpc.ErrorKind;
import io.vectorlake.serving.rpc.MilvusStatus;
import io.vectorlake.serving.rpc.RequestContext;
import io.vectorlake.serving.rpc.ServingException;
import io.vectorlake.serving.search.RowFilter;
import io.vectorlake.serving.search.RowSelection;
import io.vectorlake.serving.shard.PeerFanout;
import io.vectorlake.serving.shard.PeerLookups;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.iceberg.HasTableOperations;

/**
 * The data-definition side of the Milvus service: databases, collections, partitions, indexes and
 * load state, each answered from (and recorded in) the warehouse.
 */
public final class CollectionAdmin {
  /** The index types the segment builder will build for a vector field. */
  public static final Set<String> VECTOR_INDEX_TYPES = Set.of("HNSW", "DISKANN", "FLAT", "AUTOINDEX");

  private final Warehouse warehouse;
  private final LoadedCollections loaded;
  private final GroupCommitters committers;
  private final SessionPositions sessions;
  private final PeerLookups peers;

  public CollectionAdmin(Warehouse warehouse, LoadedCollections loaded,
      GroupCommitters committers, SessionPositions sessions) {
    this(warehouse, loaded, committers, sessions,
        new PeerLookups(new PeerFanout(List.of(), null)));
  }

  /** With active {@code peers}, statistics also count the rows of the peers' shards. */
  public CollectionAdmin(Warehouse warehouse, LoadedCollections loaded,
      GroupCommitters committers, SessionPositions sessions, PeerLookups peers) {
    this.peers = peers;
    this.warehouse = warehouse;
    this.loaded = loaded;
    this.committers = committers;
    this.sessions = sessions;
  }

  public static CollectionId id(String database, String collection) {
    if (collection == null || collection.isEmpty()) {
      throw ServingException.invalid("a collection name is required");
    }
    return new CollectionId(RequestContext.database(database), collection);
  }

  /** The stored collection, or Milvus' collection-not-found error. */
  public Collection collection(CollectionId id) {
    if (!warehouse.hasCollection(id)) {
      throw new ServingException(ErrorKind.COLLECTION_NOT_FOUND, "collection '" + id.name()
          + "' does not exist in database '" + id.database() + "'");
    }
    return warehouse.loadCollection(id);
  }

  // ---- databases ---------------------------------------------------------------------------

  public ListDatabasesResponse listDatabases() {
    return ListDatabasesResponse.newBuilder().setStatus(MilvusStatus.ok())
        .addAllDbNames(warehouse.listDatabases()).build();
  }

  public void createDatabase(String name) {
    warehouse.createDatabase(name);
  }

  public void dropDatabase(String name) {
    warehouse.dropDatabase(name);
  }

  // ---- collections -------------------------------------------------------------------------

  public void createCollection(CreateCollectionRequest request) {
    CollectionId id = id(request.getDbName(), request.getCollectionName());
    io.milvus.grpc.CollectionSchema proto;
    try {
      proto = io.milvus.grpc.CollectionSchema.parseFrom(request.getSchema());
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw ServingException.invalid("the collection schema does not parse: " + e.getMessage());
    }
    if (!proto.getName().isEmpty() && !proto.getName().equals(id.name())) {
      throw ServingException.invalid("the schema names collection '" + proto.getName()
          + "' but the request creates '" + id.name() + "'");
    }
    CollectionSchema schema = SchemaMapping.fromProto(proto, request.getShardsNum());
    if (warehouse.hasCollection(id)) {
      // As Milvus: creating the same collection again succeeds, a different one is refused.
      CollectionSchema existing = warehouse.loadCollection(id).schema();
      if (sameSchema(existing, schema)) {
        return;
      }
      throw new ServingException(ErrorKind.COLLECTION_EXISTS, "collection '" + id.name()
          + "' already exists in database '" + id.database() + "' with a different schema;"
          + " drop it first or use another name");
    }
    Collection collection = warehouse.createCollection(id, schema);
    collection.walTable().updateProperties()
        .set(ServingProperties.CONSISTENCY_LEVEL, request.getConsistencyLevel().name()).commit();
  }

  private static boolean sameSchema(CollectionSchema a, CollectionSchema b) {
    return a.enableDynamicField() == b.enableDynamicField() && a.shards() == b.shards()
        && a.fields().stream().map(f -> f.withId(0)).toList()
            .equals(b.fields().stream().map(f -> f.withId(0)).toList());
  }

  public void dropCollection(CollectionId id) {
    loaded.release(id, false);
    committers.forget(id);
    sessions.forget(id);
    warehouse.dropCollection(id); // Milvus answers success for a collection that is not there
  }

  public BoolResponse hasCollection(CollectionId id) {
    return BoolResponse.newBuilder().setStatus(MilvusStatus.ok())
        .setValue(warehouse.hasCollection(id)).build();
  }

  public DescribeCollectionResponse describeCollection(CollectionId id) {
    Collection collection = collection(id);
    CollectionSchema schema = collection.schema();
    return DescribeCollectionResponse.newBuilder()
        .setStatus(MilvusStatus.ok())
        .setSchema(SchemaMapping.toProto(id.name(), id.database(), schema))
        .setCollectionID(collectionId(collection))
        .setCollectionName(id.name())
        .setDbName(id.database())
        .setShardsNum(schema.shards())
        .setConsistencyLevel(defaultConsistency(collection))
        .setNumPartitions(collection.partitionNames().size())
        .build();
  }

  public static ConsistencyLevel defaultConsistency(Collection collection) {
    String level = collection.walTable().properties().get(ServingProperties.CONSISTENCY_LEVEL);
    try {
      return level == null ? ConsistencyLevel.Bounded : ConsistencyLevel.valueOf(level);
    } catch (IllegalArgumentException e) {
      return ConsistencyLevel.Bounded;
    }
  }

  static long collectionId(Collection collection) {
    String uuid = ((HasTableOperations) collection.walTable()).operations().current().uuid();
    return UUID.fromString(uuid).getMostSignificantBits() & Long.MAX_VALUE;
  }

  public ShowCollectionsResponse showCollections(String database) {
    ShowCollectionsResponse.Builder response =
        ShowCollectionsResponse.newBuilder().setStatus(MilvusStatus.ok());
    for (CollectionId id : warehouse.listCollections(RequestContext.database(database))) {
      response.addCollectionNames(id.name());
      response.addCollectionIds(collectionId(warehouse.loadCollection(id)));
      response.addCreatedTimestamps(0);
      response.addCreatedUtcTimestamps(0);
      response.addQueryServiceAvailable(loaded.isLoaded(id));
    }
    return response.build();
  }

  public GetCollectionStatisticsResponse collectionStatistics(CollectionId id) {
    long rows = rowCount(id, null);
    return GetCollectionStatisticsResponse.newBuilder().setStatus(MilvusStatus.ok())
        .addStats(KeyValuePair.newBuilder().setKey("row_count").setValue(Long.toString(rows)))
        .build();
  }

  /** Rows visible now (in one partition when named), from the loaded state when there is one. */
  public long rowCount(CollectionId id, String partition) {
    Optional<LoadedCollection> held = loaded.find(id);
    if (held.isPresent()) {
      try (SnapshotLease lease = held.get().lease(held.get().refresh())) {
        CollectionSnapshot snapshot = lease.snapshot();
        long n = 0;
        if (partition == null) {
          n = snapshot.rowCount();
        } else {
          RowSelection selection =
              RowSelection.of(id.name(), snapshot, List.of(partition), RowFilter.ALL);
          for (var segment : snapshot.segments()) {
            n += selection.accepted(segment).cardinality();
          }
        }
        // This node loads only its shards: the peers count theirs.
        if (peers.isActive() && !RequestContext.localOnly()) {
          n += peers.count(id, partition, snapshot.position());
        }
        return n;
      }
    }
    CollectionView view = CollectionView.latest(collection(id));
    return partition == null ? view.size() : view.rows(List.of(partition)).size();
  }

  // ---- load state --------------------------------------------------------------------------

  public void load(CollectionId id) {
    collection(id);
    loaded.load(id);
  }

  public void release(CollectionId id) {
    collection(id);
    loaded.release(id, true);
  }

  public boolean isLoaded(CollectionId id) {
    collection(id);
    return loaded.isLoaded(id);
  }

  // ---- partitions --------------------------------------------------------------------------

  public void createPartition(CollectionId id, String partition) {
    collection(id).createPartition(partition);
  }

  public void dropPartition(CollectionId id, String partition) {
    collection(id).dropPartition(partition);
    loaded.find(id).ifPresent(LoadedCollection::refresh); // its rows disappear now
  }

  public boolean hasPartition(CollectionId id, String partition) {
    return collection(id).hasPartition(partition);
  }

  public ShowPartitionsResponse showPartitions(CollectionId id) {
    ShowPartitionsResponse.Builder response =
        ShowPartitionsResponse.newBuilder().setStatus(MilvusStatus.ok());
    List<String> names = collection(id).partitionNames();
    for (int i = 0; i < names.size(); i++) {
      response.addPartitionNames(names.get(i));
      response.addPartitionIDs(i);
      response.addCreatedTimestamps(0);
      response.addCreatedUtcTimestamps(0);
    }
    return response.build();
  }

  public void requirePartition(CollectionId id, String partition) {
    Collection collection = collection(id);
    if (!collection.hasPartition(partition)) {
      throw new ServingException(ErrorKind.PARTITION_NOT_FOUND, "partition '" + partition
          + "' does not exist in collection '" + id.name() + "'; its partitions are "
          + collection.partitionNames());
    }
  }

  // ---- indexes -----------------------------------------------------------------------------

  public void createIndex(CreateIndexRequest request) {
    CollectionId id = id(request.getDbName(), request.getCollectionName());
    Collection collection = collection(id);
    CollectionSchema schema = collection.schema();
    FieldSchema field = schema.field(request.getFieldName()).orElseThrow(() ->
        new ServingException(ErrorKind.FIELD_NOT_FOUND, "cannot index field '"
            + request.getFieldName() + "': collection '" + id.name() + "' has fields "
            + schema.fields().stream().map(FieldSchema::name).toList()));
    Map<String, String> extra = new LinkedHashMap<>();
    request.getExtraParamsList().forEach(p -> extra.put(p.getKey(), p.getValue()));
    String indexType = extra.getOrDefault("index_type", "AUTOINDEX").toUpperCase(Locale.ROOT);
    MetricType metric = null;
    if (field.type().isVector()) {
      if (!VECTOR_INDEX_TYPES.contains(indexType)) {
        throw ServingException.invalid("index type " + indexType + " is not supported for vector"
            + " field '" + field.name() + "'; use one of " + VECTOR_INDEX_TYPES);
      }
      String metricName = extra.get("metric_type");
      try {
        metric = metricName == null || metricName.isBlank() ? field.metric()
            : MetricType.parse(metricName);
      } catch (InvalidSchemaException e) {
        throw ServingException.invalid("field '" + field.name() + "': " + e.getMessage());
      }
    }
    Map<String, String> params = new LinkedHashMap<>();
    extra.forEach((key, value) -> {
      if (key.equals("params")) {
        params.putAll(jsonParams(value));
      } else if (!key.equals("index_type") && !key.equals("metric_type")) {
        params.put(key, value);
      }
    });
    String name = request.getIndexName().isEmpty() ? field.name() : request.getIndexName();
    IndexSpec spec = new IndexSpec(name, field.name(), indexType, metric, params);
    IndexSpec existing = IndexSpecs.read(collection).get(field.name());
    if (existing != null && !existing.equals(spec)) {
      throw ServingException.invalid("field '" + field.name() + "' already has index '"
          + existing.indexName() + "' (" + existing.indexType() + ", " + existing.metric()
          + "); drop it before creating another");
    }
    for (IndexSpec other : IndexSpecs.read(collection).values()) {
      if (other.indexName().equals(name) && !other.fieldName().equals(field.name())) {
        throw ServingException.invalid("index name '" + name + "' is already used by field '"
            + other.fieldName() + "'");
      }
    }
    try {
      IndexSpecs.put(collection, spec);
    } catch (InvalidSchemaException e) {
      throw ServingException.invalid("field '" + field.name() + "': " + e.getMessage());
    }
    loaded.find(id).ifPresent(LoadedCollection::refresh); // searches use the index's metric
  }

  private static Map<String, String> jsonParams(String json) {
    Map<String, String> out = new LinkedHashMap<>();
    try {
      var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
      if (node != null && node.isObject()) {
        node.fields().forEachRemaining(e -> out.put(e.getKey(),
            e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw ServingException.invalid("index param 'params' is not a JSON object: " + json);
    }
    return out;
  }

  public DescribeIndexResponse describeIndex(DescribeIndexRequest request) {
    CollectionId id = id(request.getDbName(), request.getCollectionName());
    Collection collection = collection(id);
    long rows = loaded.find(id).map(c -> c.snapshot().rowCount()).orElse(0L);
    var segments = collection.segmentsAt(collection.walPosition()).liveRows();
    DescribeIndexResponse.Builder response = DescribeIndexResponse.newBuilder();
    for (IndexSpec spec : IndexSpecs.read(collection).values()) {
      if (!request.getIndexName().isEmpty() && !request.getIndexName().equals(spec.indexName())) {
        continue;
      }
      if (!request.getFieldName().isEmpty() && !request.getFieldName().equals(spec.fieldName())) {
        continue;
      }
      IndexDescription.Builder description = IndexDescription.newBuilder()
          .setIndexName(spec.indexName())
          .setFieldName(spec.fieldName())
          .setIndexID(collection.schema().requireField(spec.fieldName()).id())
          .addParams(kv("index_type", spec.indexType()))
          .addParams(kv("metric_type", spec.metric() == null ? "" : spec.metric().name()))
          .addParams(kv("params", spec.paramsJson()))
          // Finished: SDKs wait for it after CreateIndex, and rows not built yet are searched
          // exactly (as good as indexed); the row counts tell what the builder covered.
          .setState(IndexState.Finished)
          .setIndexedRows(indexedRows(segments, spec.fieldName()))
          .setTotalRows(rows)
          .setPendingIndexRows(Math.max(0, rows - indexedRows(segments, spec.fieldName())));
      response.addIndexDescriptions(description);
    }
    if (response.getIndexDescriptionsCount() == 0) {
      return response.setStatus(MilvusStatus.error(ErrorKind.INDEX_NOT_FOUND, "index not found"
          + " in collection '" + id.name() + "'"
          + (request.getIndexName().isEmpty() ? "" : " with name '" + request.getIndexName() + "'")
          + (request.getFieldName().isEmpty() ? "" : " on field '" + request.getFieldName() + "'")))
          .build();
    }
    return response.setStatus(MilvusStatus.ok()).build();
  }

  /** Rows of the live segments whose index on the field is built (an upper bound after deletes). */
  private static long indexedRows(java.util.List<io.vectorlake.catalog.segment.SegmentMetadata> segments,
      String field) {
    return segments.stream().filter(s -> s.index(field) != null)
        .mapToLong(io.vectorlake.catalog.segment.SegmentMetadata::rowCount).sum();
  }

  public void dropIndex(DropIndexRequest request) {
    CollectionId id = id(request.getDbName(), request.getCollectionName());
    Collection collection = collection(id);
    for (IndexSpec spec : IndexSpecs.read(collection).values()) {
      boolean named = !request.getIndexName().isEmpty();
      if (named ? spec.indexName().equals(request.getIndexName())
          : spec.fieldName().equals(request.getFieldName())) {
        IndexSpecs.remove(collection, spec.fieldName());
        loaded.find(id).ifPresent(LoadedCollection::refresh);
        return;
      }
    }
    // Milvus answers success when there is no such index.
  }

  private static KeyValuePair kv(String key, String value) {
    return KeyValuePair.newBuilder().setKey(key).setValue(value).build();
  }

}
