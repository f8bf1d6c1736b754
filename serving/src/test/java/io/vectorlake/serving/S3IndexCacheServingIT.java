package io.vectorlake.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.collection.request.ReleaseCollectionReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.SearchResp;
import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.segment.SealPlan;
import io.vectorlake.catalog.segment.SegmentMetadata;
import io.vectorlake.catalog.segment.SegmentSet;
import io.vectorlake.catalog.testing.InProcessS3Extension;
import io.vectorlake.catalog.wal.WalBatch;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 point 12 through the real server, on a JDBC catalog whose files live on the in-process
 * S3 server: loading a collection copies its index files into this warehouse's own cache; a cached
 * copy whose bytes changed (same size) is fetched again, not memory-mapped; a segment id from the
 * catalog that is not a plain name never becomes a path. Searches answer the stored vectors' own
 * ids (squared L2 0) throughout, as the exact model says.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class S3IndexCacheServingIT {
  @RegisterExtension static final InProcessS3Extension S3 = new InProcessS3Extension("lake");
  private static final CollectionId ID = CollectionId.parse("cached");
  private static final int ROWS = 600;
  private static final int DIM = 8;

  @TempDir Path dir;
  private final float[][] vectors = new float[ROWS][DIM];
  private Path cache;

  private Map<String, String> warehouseProperties() {
    // A prefix of its own per test: the cache is keyed by the warehouse location.
    return S3.server().jdbcWarehouseProperties(dir.resolve("catalog.db"), "lake",
        "serving-" + UUID.randomUUID());
  }

  @AfterEach
  void deleteCache() throws Exception {
    if (cache != null && Files.exists(cache)) {
      try (Stream<Path> files = Files.walk(cache)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void indexFilesAreCachedPerWarehouseAndAChangedCopyIsFetchedAgain() throws Exception {
    Map<String, String> props = warehouseProperties();
    SegmentMetadata segment;
    try (Warehouse warehouse = Warehouse.open(props)) {
      segment = indexedSegment(warehouse.createCollection(ID, schema()));
    }
    try (VectorlakeServer server = serve(props)) {
      cache = VectorlakeServer.indexCache(server.warehouse());
      MilvusClientV2 client = client(server);
      try {
        load(client);
        assertSearchesFindTheStoredVectors(client);
        Path graph = cache.resolve(segment.id()).resolve(segment.index("vector").graph().name());
        assertTrue(Files.exists(graph), "the index file is cached in " + cache);
        byte[] good = Files.readAllBytes(graph);

        client.releaseCollection(ReleaseCollectionReq.builder().collectionName("cached").build());
        byte[] damaged = good.clone();
        for (int i = 0; i < damaged.length; i += 7) {
          damaged[i] ^= 0x5a;
        }
        Files.write(graph, damaged);
        load(client);
        assertArrayEquals(good, Files.readAllBytes(graph), "the changed copy was fetched again");
        assertSearchesFindTheStoredVectors(client);
      } finally {
        client.close(1);
      }
    }
  }

  @Test
  void aSegmentIdThatIsNotAPlainNameNeverBecomesAPath() throws Exception {
    Map<String, String> props = warehouseProperties();
    try (Warehouse warehouse = Warehouse.open(props)) {
      Collection collection = warehouse.createCollection(ID, schema());
      indexedSegment(collection);
      SegmentSet base = collection.segmentCatalog().current();
      List<SegmentMetadata> hostile = base.segments().stream()
          .map(s -> withId(s, "../escaped-" + s.id())).toList();
      collection.segmentCatalog().commit(base, hostile, base.watermark(), "test: hostile ids");
    }
    try (VectorlakeServer server = serve(props)) {
      cache = VectorlakeServer.indexCache(server.warehouse());
      MilvusClientV2 client = client(server);
      try {
        load(client);
        // The index is refused; the segment is searched exactly, and still answers right.
        assertSearchesFindTheStoredVectors(client);
      } finally {
        client.close(1);
      }
      try (Stream<Path> beside = Files.list(cache.getParent())) {
        assertFalse(beside.anyMatch(p -> p.getFileName().toString().startsWith("escaped-")),
            "a directory was made outside the cache " + cache);
      }
    }
  }

  private static VectorlakeServer serve(Map<String, String> props) {
    return new VectorlakeServer(Warehouse.open(props),
        ServerConfig.loopback(0).withFollowInterval(Duration.ZERO)).start();
  }

  private static MilvusClientV2 client(VectorlakeServer server) {
    return new MilvusClientV2(ConnectConfig.builder().uri("http://127.0.0.1:" + server.port())
        .connectTimeoutMs(5_000).build());
  }

  private static void load(MilvusClientV2 client) {
    client.loadCollection(LoadCollectionReq.builder().collectionName("cached").build());
  }

  /** Each of a few stored vectors, searched for, is its own nearest row at distance 0. */
  private void assertSearchesFindTheStoredVectors(MilvusClientV2 client) {
    for (int id : new int[] {0, 17, 311, 599}) {
      SearchResp found = client.search(SearchReq.builder().collectionName("cached")
          .annsField("vector").data(List.of(new FloatVec(vectors[id]))).limit(3)
          .consistencyLevel(ConsistencyLevel.STRONG).build());
      List<SearchResp.SearchResult> hits = found.getSearchResults().get(0);
      assertEquals(3, hits.size());
      assertEquals((long) id, hits.get(0).getId(), "nearest to row " + id);
      assertEquals(0f, hits.get(0).getScore(), "distance to row " + id + " itself");
    }
  }

  /** Commits the rows and seals them into one indexed segment. */
  private SegmentMetadata indexedSegment(Collection collection) throws Exception {
    Random random = new Random(13);
    WalBatch batch = new WalBatch();
    for (int i = 0; i < ROWS; i++) {
      for (int j = 0; j < DIM; j++) {
        vectors[i][j] = random.nextFloat();
      }
      batch.insert(Map.of("id", (long) i, "vector", vectors[i].clone()));
    }
    collection.walWriter().commit(batch);
    SealPlan.of(collection).runLocally(collection, 1000, 1);
    SegmentMetadata segment = collection.segmentCatalog().current().liveRows().stream()
        .filter(s -> s.index("vector") != null).findFirst().orElseThrow();
    assertNotNull(segment.index("vector").graph());
    return segment;
  }

  private static SegmentMetadata withId(SegmentMetadata s, String id) {
    return new SegmentMetadata(id, s.kind(), s.state(), s.shard(), s.partition(),
        s.fromPosition(), s.toPosition(), s.rowCount(), s.location(), s.rows(), s.keyFilter(),
        s.indexes(), s.createdAtMillis(), s.buildStats(), s.updatedAtMillis());
  }

  private static CollectionSchema schema() {
    return CollectionSchema.builder()
        .field(FieldSchema.primaryKey("id", DataType.INT64))
        .field(FieldSchema.floatVector("vector", DIM, MetricType.L2))
        .shards(1)
        .build();
  }
}
