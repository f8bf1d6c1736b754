package io.vectorlake.catalog.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.index.BuiltIndex;
import io.vectorlake.catalog.index.CorruptIndexException;
import io.vectorlake.catalog.index.IndexFile;
import io.vectorlake.catalog.index.VectorIndex;
import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.testing.InProcessS3Extension;
import io.vectorlake.catalog.wal.WalBatch;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 point 12: index files of a remote warehouse are cached locally only under names that
 * cannot leave the cache, and a cached copy is reused only when its recorded CRC32 matches.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class S3IndexCacheIT {
  @RegisterExtension static final InProcessS3Extension S3 = new InProcessS3Extension("lake");

  @TempDir Path dir;

  private Warehouse open() {
    Map<String, String> props =
        S3.server().jdbcWarehouseProperties(dir.resolve("catalog.db"), "lake", "cache");
    return Warehouse.open(props);
  }

  private static SegmentMetadata indexedSegment(Collection c) throws Exception {
    Random random = new Random(5);
    WalBatch batch = new WalBatch();
    for (int i = 0; i < 600; i++) {
      float[] v = new float[8];
      for (int j = 0; j < v.length; j++) {
        v[j] = random.nextFloat();
      }
      batch.insert(Map.of("id", (long) i, "vector", v));
    }
    c.walWriter().commit(batch);
    SealPlan.of(c).runLocally(c, 1000, 1);
    return c.segmentCatalog().current().liveRows().stream()
        .filter(s -> s.index("vector") != null).findFirst().orElseThrow();
  }

  private static SegmentMetadata withId(SegmentMetadata s, String id) {
    return new SegmentMetadata(id, s.kind(), s.state(), s.shard(), s.partition(),
        s.fromPosition(), s.toPosition(), s.rowCount(), s.location(), s.rows(), s.keyFilter(),
        s.indexes(), s.createdAtMillis(), s.buildStats(), s.updatedAtMillis());
  }

  /** Before: a cached file of the right size but other bytes was reused (and memory-mapped). */
  @Test
  void cachedFileWithTheRightSizeButOtherBytesIsFetchedAgain() throws Exception {
    try (Warehouse warehouse = open()) {
      Collection c = warehouse.createCollection(CollectionId.parse("db.v"), schema());
      SegmentMetadata segment = indexedSegment(c);
      SegmentReader reader = new SegmentReader(c);
      Path cache = dir.resolve("index-cache");
      try (VectorIndex index = reader.openIndex(segment, "vector", cache, false)) {
        assertNotNull(index);
      }
      IndexFile graph = segment.index("vector").graph();
      Path cached = cache.resolve(segment.id()).resolve(graph.name());
      byte[] good = Files.readAllBytes(cached);
      byte[] damaged = good.clone();
      for (int i = 0; i < damaged.length; i += 7) {
        damaged[i] ^= 0x5a;
      }
      Files.write(cached, damaged);
      try (VectorIndex index = reader.openIndex(segment, "vector", cache, false)) {
        assertNotNull(index);
      }
      assertArrayEquals(good, Files.readAllBytes(cached), "the damaged copy was replaced");
    }
  }

  /** Before: a segment id "../x" from the catalog became a directory outside the cache. */
  @Test
  void segmentIdThatIsNotAPlainNameIsNeverAPath() throws Exception {
    try (Warehouse warehouse = open()) {
      Collection c = warehouse.createCollection(CollectionId.parse("db.w"), schema());
      SegmentMetadata segment = indexedSegment(c);
      SegmentReader reader = new SegmentReader(c);
      Path cache = Files.createDirectories(dir.resolve("deep").resolve("index-cache"));
      for (String id : List.of("../escaped", "..", "/tmp/abs", "a/b")) {
        CorruptIndexException e = assertThrows(CorruptIndexException.class,
            () -> reader.openIndex(withId(segment, id), "vector", cache, false));
        assertTrue(e.getMessage().contains("not a plain file name"), e.getMessage());
      }
      assertFalse(Files.exists(dir.resolve("deep").resolve("escaped")));
      BuiltIndex built = segment.index("vector");
      assertTrue(built.graph().name().matches("[A-Za-z0-9_.-]+"));
    }
  }

  private static CollectionSchema schema() {
    return CollectionSchema.builder()
        .field(FieldSchema.primaryKey("id", DataType.INT64))
        .field(FieldSchema.floatVector("vector", 8, MetricType.L2))
        .shards(1)
        .build();
  }
}
