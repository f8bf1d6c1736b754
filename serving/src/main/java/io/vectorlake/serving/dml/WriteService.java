package io.vectorlake.serving.dml;

import io.milvus.grpc.DeleteRequest;
import io.milvus.grpc.FieldData;
import io.milvus.grpc.IDs;
import io.milvus.grpc.LongArray;
import io.milvus.grpc.MutationResult;
import io.milvus.grpc.StringArray;
import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.view.CollectionView;
import io.vectorlake.catalog.view.ResolvedRow;
import io.vectorlake.catalog.wal.WalBatch;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.serving.collection.CollectionAdmin;
import io.vectorlake.serving.load.CollectionSnapshot;
import io.vectorlake.serving.load.LoadedCollections;
import io.vectorlake.serving.load.SnapshotLease;
import io.vectorlake.serving.query.TemplateValues;
import io.vectorlake.serving.rpc.MilvusStatus;
import io.vectorlake.serving.rpc.RequestContext;
import io.vectorlake.serving.rpc.ServingException;
import io.vectorlake.serving.search.RowFilter;
import io.vectorlake.serving.search.RowSelection;
import io.vectorlake.serving.search.SegmentSearcher;
import io.vectorlake.serving.shard.PeerFanout;
import io.vectorlake.serving.shard.PeerLookups;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Insert, Upsert and Delete: each request becomes one WAL batch queued on its collection's group
 * committer, and is answered once the shared commit landed, with the keys it wrote.
 */
public final class WriteService {
  private final CollectionAdmin admin;
  private final GroupCommitters committers;
  private final LoadedCollections loaded;
  private final SessionPositions sessions;
  private final PeerLookups peers;

  public WriteService(CollectionAdmin admin, GroupCommitters committers,
      LoadedCollections loaded, SessionPositions sessions) {
    this(admin, committers, loaded, sessions, new PeerLookups(new PeerFanout(List.of(), null)));
  }

  /** With active {@code peers}, Delete by filter also finds the keys in the peers' shards. */
  public WriteService(CollectionAdmin admin, GroupCommitters committers,
      LoadedCollections loaded, SessionPositions sessions, PeerLookups peers) {
    this.admin = admin;
    this.committers = committers;
    this.loaded = loaded;
    this.sessions = sessions;
    this.peers = peers;
  }

  /** Inserts ({@code upsert} false) or upserts the rows; completes with the mutation result. */
  public CompletableFuture<MutationResult> write(String database, String collectionName,
      String partition, List<FieldData> columns, int numRows, boolean upsert) {
    CollectionId id = CollectionAdmin.id(database, collectionName);
    Collection collection = admin.collection(id);
    String part = partition == null || partition.isEmpty() ? null : partition;
    if (part != null) {
      admin.requirePartition(id, part);
    }
    CollectionSchema schema = collection.schema();
    List<Map<String, Object>> rows =
        FieldDataDecoder.insertedRows(id.name(), schema, columns, numRows);
    if (rows.isEmpty()) {
      throw ServingException.invalid("the request holds no rows");
    }
    WalBatch batch = new WalBatch();
    for (Map<String, Object> row : rows) {
      if (upsert) {
        batch.upsert(part, row);
      } else {
        batch.insert(part, row);
      }
    }
    String client = RequestContext.client();
    return committers.of(id).submit(batch).thenApply(ack -> {
      sessions.acknowledged(client, id, ack.position());
      MutationResult.Builder result = MutationResult.newBuilder()
          .setStatus(MilvusStatus.ok())
          .setIDs(ids(schema, ack.primaryKeys()))
          .setTimestamp(ack.position());
      for (int i = 0; i < rows.size(); i++) {
        result.addSuccIndex(i);
      }
      if (upsert) {
        result.setUpsertCnt(rows.size());
      } else {
        result.setInsertCnt(rows.size());
      }
      return result.build();
    });
  }

  /**
   * Deletes the rows the filter matches at the newest WAL position. Only those keys are written as
   * deletes, so a key inserted concurrently after that position survives, as in Milvus.
   */
  public CompletableFuture<MutationResult> delete(DeleteRequest request) {
    CollectionId id = CollectionAdmin.id(request.getDbName(), request.getCollectionName());
    Collection collection = admin.collection(id);
    String part = request.getPartitionName().isEmpty() ? null : request.getPartitionName();
    if (part != null) {
      admin.requirePartition(id, part);
    }
    if (request.getExpr().isBlank()) {
      throw ServingException.invalid("delete needs a filter expression or ids");
    }
    CollectionSchema schema = collection.schema();
    RowFilter filter = RowFilter.parse(request.getExpr(), schema,
        TemplateValues.of(request.getExprTemplateValuesMap()));
    List<Object> keys = new ArrayList<>();
    var held = loaded.find(id);
    if (held.isPresent()) {
      try (SnapshotLease lease = held.get().lease(held.get().refresh())) {
        CollectionSnapshot snapshot = lease.snapshot();
        RowSelection selection = RowSelection.of(id.name(), snapshot,
            part == null ? List.of() : List.of(part), filter);
        for (SegmentSearcher segment : snapshot.segments()) {
          BitSet accepted = selection.accepted(segment);
          for (int i = 0; i < segment.rowCount(); i++) {
            if (accepted == null || accepted.get(i)) {
              keys.add(segment.primaryKey(i));
            }
          }
        }
        // This node loads only its shards; the peers' keys matching the filter are deleted too.
        if (peers.isActive() && !RequestContext.localOnly()) {
          keys.addAll(peers.keysMatching(id, schema, request.getExpr(),
              request.getExprTemplateValuesMap(), part, snapshot.position()));
        }
      }
    } else {
      for (ResolvedRow row : CollectionView.latest(collection).rows().values()) {
        collect(row, part, filter, keys);
      }
    }
    if (keys.isEmpty()) {
      return CompletableFuture.completedFuture(MutationResult.newBuilder()
          .setStatus(MilvusStatus.ok()).setIDs(ids(schema, keys)).setDeleteCnt(0).build());
    }
    WalBatch batch = new WalBatch();
    keys.forEach(key -> batch.delete(part, key));
    String client = RequestContext.client();
    return committers.of(id).submit(batch).thenApply(ack -> {
      sessions.acknowledged(client, id, ack.position());
      return MutationResult.newBuilder()
          .setStatus(MilvusStatus.ok())
          .setIDs(ids(schema, keys))
          .setDeleteCnt(keys.size())
          .setTimestamp(ack.position())
          .build();
    });
  }

  private static void collect(ResolvedRow row, String partition, RowFilter filter,
      List<Object> keys) {
    if ((partition == null || partition.equals(row.partition())) && filter.matches(row.row())) {
      keys.add(row.primaryKey());
    }
  }

  /** Completes when every write this server queued before the call is committed. */
  public CompletableFuture<Void> flush(List<CollectionId> ids) {
    List<CompletableFuture<?>> waits = new ArrayList<>();
    for (CollectionId id : ids) {
      admin.collection(id);
      waits.add(committers.of(id).flush());
    }
    return CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new));
  }

  static IDs ids(CollectionSchema schema, List<Object> keys) {
    if (schema.primaryKey().type() == DataType.VARCHAR) {
      StringArray.Builder strings = StringArray.newBuilder();
      keys.forEach(k -> strings.addData((String) k));
      return IDs.newBuilder().setStrId(strings).build();
    }
    LongArray.Builder longs = LongArray.newBuilder();
    keys.forEach(k -> longs.addData((Long) k));
    return IDs.newBuilder().setIntId(longs).build();
  }
}
