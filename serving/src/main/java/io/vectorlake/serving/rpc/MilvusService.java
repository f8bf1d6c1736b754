package io.vectorlake.serving.rpc;

import io.milvus.grpc.AllocTimestampRequest;
import io.milvus.grpc.AllocTimestampResponse;
import io.milvus.grpc.BoolResponse;
import io.milvus.grpc.CheckHealthRequest;
import io.milvus.grpc.CheckHealthResponse;
import io.milvus.grpc.ConnectRequest;
import io.milvus.grpc.ConnectResponse;
import io.milvus.grpc.CreateCollectionRequest;
import io.milvus.grpc.CreateDatabaseRequest;
import io.milvus.grpc.CreateIndexRequest;
import io.milvus.grpc.CreatePartitionRequest;
import io.milvus.grpc.DeleteRequest;
import io.milvus.grpc.DescribeCollectionRequest;
import io.milvus.grpc.DescribeCollectionResponse;
import io.milvus.grpc.DescribeIndexRequest;
import io.milvus.grpc.DescribeIndexResponse;
import io.milvus.grpc.DropCollectionRequest;
import io.milvus.grpc.DropDatabaseRequest;
import io.milvus.grpc.DropIndexRequest;
import io.milvus.grpc.DropPartitionRequest;
import io.milvus.grpc.FlushRequest;
import io.milvus.grpc.FlushResponse;
import io.milvus.grpc.GetCollectionStatisticsRequest;
import io.milvus.grpc.GetCollectionStatisticsResponse;
import io.milvus.grpc.GetFlushStateRequest;
import io.milvus.grpc.GetFlushStateResponse;
import io.milvus.grpc.GetLoadStateRequest;
import io.milvus.grpc.GetLoadStateResponse;
import io.milvus.grpc.GetLoadingProgressRequest;
import io.milvus.grpc.GetLoadingProgressResponse;
import io.milvus.grpc.GetPartitionStatisticsRequest;
import io.milvus.grpc.GetPartitionStatisticsResponse;
import io.milvus.grpc.GetVersionRequest;
import io.milvus.grpc.GetVersionResponse;
import io.milvus.grpc.HasCollectionRequest;
import io.milvus.grpc.HasPartitionRequest;
import io.milvus.grpc.HybridSearchRequest;
import io.milvus.grpc.InsertRequest;
import io.milvus.grpc.KeyValuePair;
import io.milvus.grpc.ListDatabasesRequest;
import io.milvus.grpc.ListDatabasesResponse;
import io.milvus.grpc.LoadCollectionRequest;
import io.milvus.grpc.LoadPartitionsRequest;
import io.milvus.grpc.LoadState;
import io.milvus.grpc.MilvusServiceGrpc;
import io.milvus.grpc.MutationResult;
import io.milvus.grpc.QueryRequest;
import io.milvus.grpc.QueryResults;
import io.milvus.grpc.ReleaseCollectionRequest;
import io.milvus.grpc.SearchRequest;
import io.milvus.grpc.SearchResults;
import io.milvus.grpc.ServerInfo;
import io.milvus.grpc.ShowCollectionsRequest;
import io.milvus.grpc.ShowCollectionsResponse;
import io.milvus.grpc.ShowPartitionsRequest;
import io.milvus.grpc.ShowPartitionsResponse;
import io.milvus.grpc.Status;
import io.milvus.grpc.UpsertRequest;
import io.milvus.shaded.io.grpc.stub.StreamObserver;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.serving.collection.CollectionAdmin;
import io.vectorlake.serving.dml.WriteService;
import io.vectorlake.serving.search.ReadService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Milvus' gRPC service: turns each implemented RPC into a call on the admin, write or read side
 * and every failure into a Milvus error status. RPCs not overridden here answer gRPC UNIMPLEMENTED
 * naming the method (the generated base class does that).
 */
public final class MilvusService extends MilvusServiceGrpc.MilvusServiceImplBase {
  public static final String VERSION = "v2.6.0-vectorlake";

  private final CollectionAdmin admin;
  private final WriteService writes;
  private final ReadService reads;
  private final AtomicLong nextClient = new AtomicLong(System.currentTimeMillis());

  public MilvusService(CollectionAdmin admin, WriteService writes, ReadService reads) {
    this.admin = admin;
    this.writes = writes;
    this.reads = reads;
  }

  // ---- connection --------------------------------------------------------------------------

  @Override
  public void connect(ConnectRequest request, StreamObserver<ConnectResponse> out) {
    call("Connect", out, () -> ConnectResponse.newBuilder()
        .setStatus(MilvusStatus.ok())
        .setIdentifier(nextClient.incrementAndGet())
        .setServerInfo(ServerInfo.newBuilder().setBuildTags(VERSION).setDeployMode("vectorlake"))
        .build(), s -> ConnectResponse.newBuilder().setStatus(s).build());
  }

  @Override
  public void getVersion(GetVersionRequest request, StreamObserver<GetVersionResponse> out) {
    call("GetVersion", out, () -> GetVersionResponse.newBuilder()
        .setStatus(MilvusStatus.ok()).setVersion(VERSION).build(),
        s -> GetVersionResponse.newBuilder().setStatus(s).build());
  }

  @Override
  public void checkHealth(CheckHealthRequest request, StreamObserver<CheckHealthResponse> out) {
    call("CheckHealth", out, () -> CheckHealthResponse.newBuilder()
        .setStatus(MilvusStatus.ok()).setIsHealthy(true).build(),
        s -> CheckHealthResponse.newBuilder().setStatus(s).build());
  }

  @Override
  public void allocTimestamp(AllocTimestampRequest request,
      StreamObserver<AllocTimestampResponse> out) {
    // A Milvus hybrid timestamp (physical milliseconds shifted over an 18-bit logical counter).
    call("AllocTimestamp", out, () -> AllocTimestampResponse.newBuilder()
        .setStatus(MilvusStatus.ok()).setTimestamp(System.currentTimeMillis() << 18).build(),
        s -> AllocTimestampResponse.newBuilder().setStatus(s).build());
  }

  // ---- databases ---------------------------------------------------------------------------

  @Override
  public void listDatabases(ListDatabasesRequest request,
      StreamObserver<ListDatabasesResponse> out) {
    call("ListDatabases", out, admin::listDatabases,
        s -> ListDatabasesResponse.newBuilder().setStatus(s).build());
  }

  @Override
  public void createDatabase(CreateDatabaseRequest request, StreamObserver<Status> out) {
    status("CreateDatabase", out, () -> admin.createDatabase(request.getDbName()));
  }

  @Override
  public void dropDatabase(DropDatabaseRequest request, StreamObserver<Status> out) {
    status("DropDatabase", out, () -> admin.dropDatabase(request.getDbName()));
  }

  // ---- collections -------------------------------------------------------------------------

  @Override
  public void createCollection(CreateCollectionRequest request, StreamObserver<Status> out) {
    status("CreateCollection", out, () -> admin.createCollection(request));
  }

  @Override
  public void dropCollection(DropCollectionRequest request, StreamObserver<Status> out) {
    status("DropCollection", out,
        () -> admin.dropCollection(id(request.getDbName(), request.getCollectionName())));
  }

  @Override
  public void hasCollection(HasCollectionRequest request, StreamObserver<BoolResponse> out) {
    call("HasCollection", out,
        () -> admin.hasCollection(id(request.getDbName(), request.getCollectionName())),
        MilvusService::boolError);
  }

  @Override
  public void describeCollection(DescribeCollectionRequest request,
      StreamObserver<DescribeCollectionResponse> out) {
    call("DescribeCollection", out,
        () -> admin.describeCollection(id(request.getDbName(), request.getCollectionName())),
        s -> DescribeCollectionResponse.newBuilder().setStatus(s).build());
  }

  @Override
  public void showCollections(ShowCollectionsRequest request,
      StreamObserver<ShowCollectionsResponse> out) {
    call("ShowCollections", out, () -> admin.showCollections(request.getDbName()),
        s -> ShowCollectionsResponse.newBuilder().setStatus(s).build());
  }

  @Override
  public void getCollectionStatistics(GetCollectionStatisticsRequest request,
      StreamObserver<GetCollectionStatisticsResponse> out) {
    call("GetCollectionStatistics", out, () -> admin.collectionStatistics(
        id(request.getDbName(), request.getCollectionName())),
        s -> GetCollectionStatisticsResponse.newBuilder().setStatus(s).build());
  }

  @Override
  public void loadCollection(LoadCollectionRequest request, StreamObserver<Status> out) {
    status("LoadCollection", out,
        () -> admin.load(id(request.getDbName(), request.getCollectionName())));
  }

  @Override
  public void loadPartitions(LoadPartitionsRequest request, StreamObserver<Status> out) {
    // Vectorlake loads whole collections; loading some partitions loads them all.
    status("LoadPartitions", out,
        () -> admin.load(id(request.getDbName(), request.getCollectionName())));
  }

  @Override
  public void releaseCollection(ReleaseCollectionRequest request, StreamObserver<Status> out) {
    status("ReleaseCollection", out,
        () -> admin.release(id(request.getDbName(), request.getCollectionName())));
  }

  @Override
  public void getLoadState(GetLoadStateRequest request,
      StreamObserver<GetLoadStateResponse> out) {
    call("GetLoadState", out, () -> GetLoadStateResponse.newBuilder()
        .setStatus(MilvusStatus.ok())
        .setState(admin.isLoaded(id(request.getDbName(), request.getCollectionName()))
            ? LoadState.LoadStateLoaded : LoadState.LoadStateNotLoad)
        .build(), s -> GetLoadStateResponse.newBuilder().setStatus(s).build());
  }

  @Override
  public void getLoadingProgress(GetLoadingProgressRequest request,
      StreamObserver<GetLoadingProgressResponse> out) {
    call("GetLoadingProgress", out, () -> {
      CollectionId id = id(request.getDbName(), request.getCollectionName());
      if (!admin.isLoaded(id)) {
        throw new ServingException(ErrorKind.COLLECTION_NOT_LOADED,
            "collection '" + id.name() + "' is not loaded; call loadCollection first");
      }
      // Loading is synchronous: once LoadCollection answered, the collection is fully loaded.
      return GetLoadingProgressResponse.newBuilder().setStatus(MilvusStatus.ok())
          .setProgress(100).setRefreshProgress(100).build();
    }, s -> GetLoadingProgressResponse.newBuilder().setStatus(s).build());
  }

  // ---- partitions --------------------------------------------------------------------------

  @Override
  public void createPartition(CreatePartitionRequest request, StreamObserver<Status> out) {
    status("CreatePartition", out, () -> admin.createPartition(
        id(request.getDbName(), request.getCollectionName()), request.getPartitionName()));
  }

  @Override
  public void dropPartition(DropPartitionRequest request, StreamObserver<Status> out) {
    status("DropPartition", out, () -> admin.dropPartition(
        id(request.getDbName(), request.getCollectionName()), request.getPartitionName()));
  }

  @Override
  public void hasPartition(HasPartitionRequest request, StreamObserver<BoolResponse> out) {
    call("HasPartition", out, () -> BoolResponse.newBuilder().setStatus(MilvusStatus.ok())
        .setValue(admin.hasPartition(id(request.getDbName(), request.getCollectionName()),
            request.getPartitionName())).build(), MilvusService::boolError);
  }

  @Override
  public void showPartitions(ShowPartitionsRequest request,
      StreamObserver<ShowPartitionsResponse> out) {
    call("ShowPartitions", out,
        () -> admin.showPartitions(id(request.getDbName(), request.getCollectionName())),
        s -> ShowPartitionsResponse.newBuilder().setStatus(s).build());
  }

  @Override
  public void getPartitionStatistics(GetPartitionStatisticsRequest request,
      StreamObserver<GetPartitionStatisticsResponse> out) {
    call("GetPartitionStatistics", out, () -> {
      CollectionId id = id(request.getDbName(), request.getCollectionName());
      admin.requirePartition(id, request.getPartitionName());
      long rows = admin.rowCount(id, request.getPartitionName());
      return GetPartitionStatisticsResponse.newBuilder().setStatus(MilvusStatus.ok())
          .addStats(KeyValuePair.newBuilder().setKey("row_count").setValue(Long.toString(rows)))
          .build();
    }, s -> GetPartitionStatisticsResponse.newBuilder().setStatus(s).build());
  }

  // ---- indexes -----------------------------------------------------------------------------

  @Override
  public void createIndex(CreateIndexRequest request, StreamObserver<Status> out) {
    status("CreateIndex", out, () -> admin.createIndex(request));
  }

  @Override
  public void describeIndex(DescribeIndexRequest request,
      StreamObserver<DescribeIndexResponse> out) {
    call("DescribeIndex", out, () -> admin.describeIndex(request),
        s -> DescribeIndexResponse.newBuilder().setStatus(s).build());
  }

  @Override
  public void dropIndex(DropIndexRequest request, StreamObserver<Status> out) {
    status("DropIndex", out, () -> admin.dropIndex(request));
  }

  // ---- writes ------------------------------------------------------------------------------

  @Override
  public void insert(InsertRequest request, StreamObserver<MutationResult> out) {
    async("Insert", out, () -> writes.write(request.getDbName(), request.getCollectionName(),
        request.getPartitionName(), request.getFieldsDataList(), request.getNumRows(), false),
        MilvusService::mutationError);
  }

  @Override
  public void upsert(UpsertRequest request, StreamObserver<MutationResult> out) {
    async("Upsert", out, () -> {
      if (request.getPartialUpdate() || request.getFieldOpsCount() > 0) {
        throw ServingException.unimplemented("partial upsert");
      }
      return writes.write(request.getDbName(), request.getCollectionName(),
          request.getPartitionName(), request.getFieldsDataList(), request.getNumRows(), true);
    }, MilvusService::mutationError);
  }

  @Override
  public void delete(DeleteRequest request, StreamObserver<MutationResult> out) {
    async("Delete", out, () -> writes.delete(request), MilvusService::mutationError);
  }

  @Override
  public void flush(FlushRequest request, StreamObserver<FlushResponse> out) {
    async("Flush", out, () -> {
      List<CollectionId> ids = new ArrayList<>();
      for (String name : request.getCollectionNamesList()) {
        ids.add(id(request.getDbName(), name));
      }
      String database = RequestContext.database(request.getDbName());
      return writes.flush(ids).thenApply(done -> FlushResponse.newBuilder()
          .setStatus(MilvusStatus.ok()).setDbName(database).build());
    }, s -> FlushResponse.newBuilder().setStatus(s).build());
  }

  @Override
  public void getFlushState(GetFlushStateRequest request,
      StreamObserver<GetFlushStateResponse> out) {
    // Every acknowledged write is already committed to the WAL: nothing is ever pending.
    call("GetFlushState", out, () -> GetFlushStateResponse.newBuilder()
        .setStatus(MilvusStatus.ok()).setFlushed(true).build(),
        s -> GetFlushStateResponse.newBuilder().setStatus(s).build());
  }

  // ---- reads -------------------------------------------------------------------------------

  @Override
  public void search(SearchRequest request, StreamObserver<SearchResults> out) {
    call("Search", out, () -> reads.search(request),
        s -> SearchResults.newBuilder().setStatus(s).build());
  }

  @Override
  public void hybridSearch(HybridSearchRequest request, StreamObserver<SearchResults> out) {
    call("HybridSearch", out, () -> reads.hybridSearch(request),
        s -> SearchResults.newBuilder().setStatus(s).build());
  }

  @Override
  public void query(QueryRequest request, StreamObserver<QueryResults> out) {
    call("Query", out, () -> reads.query(request),
        s -> QueryResults.newBuilder().setStatus(s).build());
  }

  // ---- plumbing ----------------------------------------------------------------------------

  private static CollectionId id(String database, String collection) {
    return CollectionAdmin.id(database, collection);
  }

  private static BoolResponse boolError(Status status) {
    return BoolResponse.newBuilder().setStatus(status).build();
  }

  private static MutationResult mutationError(Status status) {
    return MutationResult.newBuilder().setStatus(status).build();
  }

  private static <T> void call(String rpc, StreamObserver<T> out, Supplier<T> body,
      Function<Status, T> onError) {
    T response;
    try {
      response = body.get();
    } catch (Throwable e) {
      // Errors too (a stack overflow, an allocation that failed): a gRPC UNKNOWN would make the
      // SDK retry the same request for a minute.
      response = onError.apply(MilvusStatus.of(rpc, e));
    }
    out.onNext(response);
    out.onCompleted();
  }

  private static void status(String rpc, StreamObserver<Status> out, Runnable body) {
    call(rpc, out, () -> {
      body.run();
      return MilvusStatus.ok();
    }, s -> s);
  }

  private static <T> void async(String rpc, StreamObserver<T> out,
      Supplier<CompletableFuture<T>> body, Function<Status, T> onError) {
    CompletableFuture<T> future;
    try {
      future = body.get();
    } catch (Throwable e) {
      future = CompletableFuture.failedFuture(e);
    }
    future.whenComplete((response, error) -> {
      out.onNext(error == null ? response : onError.apply(MilvusStatus.of(rpc, error)));
      out.onCompleted();
    });
  }
}
