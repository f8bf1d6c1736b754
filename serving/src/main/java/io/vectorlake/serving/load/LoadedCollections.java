package io.vectorlake.serving.load;

import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import io.vectorlake.serving.collection.ServingProperties;
import io.vectorlake.serving.rpc.ErrorKind;
import io.vectorlake.serving.rpc.ServingException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collections this server holds in memory, each following its WAL in the background. Load state is also kept in the collection's table
 * properties, so a restarted server loads the same collections again, as Milvus does.
 */
public final class LoadedCollections {
  private static final Logger LOG = LoggerFactory.getLogger(LoadedCollections.class);
  /** How often a loaded collection reads new WAL commits: Milvus' Eventually shows them so soon. */
  public static final Duration DEFAULT_FOLLOW_INTERVAL = Duration.ofSeconds(1);

  private final Warehouse warehouse;
  private final java.nio.file.Path indexCache;
  private final java.util.Set<Integer> shards;
  private final ConcurrentMap<CollectionId, LoadedCollection> loaded = new ConcurrentHashMap<>();
  private final ConcurrentMap<CollectionId, WalFollower> followers = new ConcurrentHashMap<>();
  private final Duration followInterval;
  private final ScheduledExecutorService follow;

  /**
   * @param indexCache where index files of a remote (object storage) warehouse are copied, since
   *     jvector maps them from local disk
   */
  public LoadedCollections(Warehouse warehouse, java.nio.file.Path indexCache) {
    this(warehouse, indexCache, null, DEFAULT_FOLLOW_INTERVAL);
  }

  /**
   * Loads only the given shards of each collection (all when null), and refreshes each loaded
   * collection from the WAL every {@code followInterval} (never when zero).
   */
  public LoadedCollections(Warehouse warehouse, java.nio.file.Path indexCache,
      java.util.Set<Integer> shards, Duration followInterval) {
    if (followInterval.isNegative()) {
      throw new IllegalArgumentException("the WAL follow interval must be >= 0 (0: off), got "
          + followInterval);
    }
    this.warehouse = warehouse;
    this.indexCache = indexCache;
    this.shards = shards;
    this.followInterval = followInterval;
    this.follow = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "wal-follower");
      t.setDaemon(true);
      return t;
    });
  }

  /** Loads the collection (reading its whole WAL) unless it is loaded, and records that. */
  public LoadedCollection load(CollectionId id) {
    LoadedCollection collection = loaded.computeIfAbsent(id, key -> {
      long started = System.nanoTime();
      LoadedCollection c = new LoadedCollection(warehouse.loadCollection(key), indexCache, shards);
      CollectionSnapshot s = c.snapshot();
      LOG.info("loaded collection {}: {} rows at WAL position {} in {} ms", key, s.rowCount(),
          s.position(), (System.nanoTime() - started) / 1_000_000);
      if (!followInterval.isZero()) {
        followers.put(key,
            new WalFollower(c, follow, followInterval, () -> releaseIfDropped(key, c)));
      }
      return c;
    });
    // Through a table handle of its own: the loaded one is refreshed concurrently by readers.
    var table = warehouse.loadCollection(id).walTable();
    if (!"true".equals(table.properties().get(ServingProperties.LOADED))) {
      table.updateProperties().set(ServingProperties.LOADED, "true").commit();
    }
    return collection;
  }

  /** Loads every collection of the warehouse that was loaded when a server last ran. */
  public int loadMarked() {
    int count = 0;
    for (String database : warehouse.listDatabases()) {
      for (CollectionId id : warehouse.listCollections(database)) {
        try {
          var collection = warehouse.loadCollection(id);
          if ("true".equals(collection.walTable().properties().get(ServingProperties.LOADED))) {
            load(id);
            count++;
          }
        } catch (RuntimeException e) {
          LOG.warn("could not load collection {}: {}", id, e.toString());
        }
      }
    }
    return count;
  }

  public void release(CollectionId id, boolean remember) {
    LoadedCollection removed = loaded.remove(id);
    WalFollower follower = followers.remove(id);
    if (follower != null) {
      follower.close();
    }
    if (remember && warehouse.hasCollection(id)) {
      warehouse.loadCollection(id).walTable().updateProperties()
          .remove(ServingProperties.LOADED).commit();
    }
    if (removed != null) {
      removed.close();
      LOG.info("released collection {}", id);
    }
  }

  /**
   * Releases {@code collection} when its table is gone: another node or writer dropped it (a drop
   * is not fanned out to peers). True when it was dropped.
   */
  private boolean releaseIfDropped(CollectionId id, LoadedCollection collection) {
    if (warehouse.hasCollection(id)) {
      return false;
    }
    if (loaded.remove(id, collection)) {
      WalFollower follower = followers.remove(id);
      if (follower != null) {
        follower.close();
      }
      collection.close();
      LOG.info("released collection {}: another node or writer dropped it", id);
    }
    return true;
  }

  /** Closes every loaded collection (their memory-mapped indexes), when the server stops. */
  public void closeAll() {
    follow.shutdownNow();
    followers.clear();
    loaded.values().forEach(LoadedCollection::close);
    loaded.clear();
  }

  public Optional<LoadedCollection> find(CollectionId id) {
    return Optional.ofNullable(loaded.get(id));
  }

  /** The loaded collection, or the error Milvus gives for searching an unloaded one. */
  public LoadedCollection require(CollectionId id) {
    LoadedCollection collection = loaded.get(id);
    if (collection == null) {
      if (!warehouse.hasCollection(id)) {
        throw new ServingException(ErrorKind.COLLECTION_NOT_FOUND,
            "collection '" + id.name() + "' does not exist in database '" + id.database() + "'");
      }
      throw new ServingException(ErrorKind.COLLECTION_NOT_LOADED,
          "collection '" + id.name() + "' is not loaded; call loadCollection first");
    }
    return collection;
  }

  public boolean isLoaded(CollectionId id) {
    return loaded.containsKey(id);
  }
}
