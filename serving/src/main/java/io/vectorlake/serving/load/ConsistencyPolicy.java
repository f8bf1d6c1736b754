package io.vectorlake.serving.load;

import io.milvus.grpc.ConsistencyLevel;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.serving.dml.SessionPositions;
import java.time.Duration;

/**
 * Picks the snapshot a read answers from, per Milvus consistency level: Strong refreshes to the
 * newest WAL commit; Bounded refreshes when the loaded view is older than the staleness bound, and
 * until the client's own acknowledged writes are visible; Session only the latter; Eventually
 * answers from what is loaded.
 */
public record ConsistencyPolicy(Duration staleness, SessionPositions sessions) {

  /**
   * The snapshot the level asks for, at WAL position {@code floor} or newer (a fanning-out peer's
   * position; 0 for none), held until the lease is closed.
   */
  public SnapshotLease lease(LoadedCollection collection, CollectionId id,
      ConsistencyLevel level, String client, long floor) {
    CollectionSnapshot snapshot = snapshot(collection, id, level, client);
    if (snapshot.position() < floor) {
      snapshot = collection.refreshTo(floor);
    }
    return collection.lease(snapshot);
  }

  private CollectionSnapshot snapshot(LoadedCollection collection, CollectionId id,
      ConsistencyLevel level, String client) {
    return switch (level) {
      case Strong -> collection.refresh();
      case Session -> collection.refreshTo(sessions.required(client, id));
      case Eventually -> collection.snapshot();
      // Bounded, Customized: also the client's own writes, which costs a refresh only right
      // after it wrote (Milvus does not promise this; it makes get-after-insert unsurprising).
      default -> {
        collection.refreshIfOlderThan(staleness);
        yield collection.refreshTo(sessions.required(client, id));
      }
    };
  }
}
