package io.vectorlake.serving.dml;

import io.vectorlake.catalog.warehouse.CollectionId;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The newest WAL position this server acknowledged to each client (by the identifier the SDK got
 * from Connect) per collection: what Session consistency must show that client.
 */
public final class SessionPositions {
  private record Key(String client, CollectionId collection) {}

  private final ConcurrentMap<Key, Long> positions = new ConcurrentHashMap<>();

  public void acknowledged(String client, CollectionId collection, long position) {
    if (client != null) {
      positions.merge(new Key(client, collection), position, Math::max);
    }
  }

  /** The position the client must see, 0 when it wrote nothing through this server. */
  public long required(String client, CollectionId collection) {
    return client == null ? 0 : positions.getOrDefault(new Key(client, collection), 0L);
  }

  public void forget(CollectionId collection) {
    positions.keySet().removeIf(key -> key.collection().equals(collection));
  }
}
