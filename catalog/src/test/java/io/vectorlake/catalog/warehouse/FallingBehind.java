package io.vectorlake.catalog.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.segment.SegmentCatalog;
import io.vectorlake.catalog.segment.SegmentSet;
import io.vectorlake.catalog.wal.WalBatch;
import io.vectorlake.catalog.wal.WalRecord;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;

/**
 * The scenario of issue 11.1 on any warehouse: a handle loaded at some version, then more commits
 * by another writer than the table keeps metadata versions for (100), then the old handle is used
 * again. The model: one committed key per WAL append, positions counting the appends.
 */
final class FallingBehind {
  static final CollectionId ID = CollectionId.parse("db.behind");
  /** More than {@code write.metadata.previous-versions-max} (100), so the stale version is gone. */
  static final int OTHER_COMMITS = 130;

  private FallingBehind() {}

  static CollectionSchema schema() {
    return CollectionSchema.builder()
        .field(FieldSchema.primaryKey("id", DataType.INT64))
        .field(FieldSchema.floatVector("emb", 2, MetricType.L2))
        .shards(1)
        .build();
  }

  static WalBatch row(long key) {
    return new WalBatch().insert(Map.of("id", key, "emb", new float[] {key, 1f}));
  }

  static String metadataFile(Table table) {
    return ((HasTableOperations) table).operations().current().metadataFileLocation();
  }

  /**
   * Loads the collection in {@code stale}, commits {@value #OTHER_COMMITS} rows through {@code
   * other}, then reads, writes and changes properties through the stale handle.
   */
  static void walHandleRecovers(Warehouse stale, Supplier<Warehouse> other) {
    Collection behind = stale.createCollection(ID, schema());
    behind.walWriter().commit(row(0));
    assertEquals(1, behind.walPosition());
    String seen = metadataFile(behind.walTable());
    Set<Long> model = new TreeSet<>(List.of(0L));
    try (Warehouse writer = other.get()) {
      Collection ahead = writer.loadCollection(ID);
      for (long key = 1; key <= OTHER_COMMITS; key++) {
        ahead.walWriter().commit(row(key));
        model.add(key);
      }
      assertFalse(ahead.walTable().io().newInputFile(seen).exists(),
          "the scenario needs the metadata file the stale handle last read to be gone: " + seen);
    }

    long position = OTHER_COMMITS + 1;
    assertEquals(position, behind.walPosition());
    assertEquals(model, keys(behind.walReader().read(0, position)));
    assertEquals(Set.of(6L), keys(behind.walReader().read(6, 7))); // position p holds key p - 1
    assertTrue(behind.hasPartition(io.vectorlake.catalog.schema.CollectionSchema.DEFAULT_PARTITION));

    behind.walWriter().commit(row(position));
    model.add(position);
    behind.createPartition("later");
    try (Warehouse reader = other.get()) {
      Collection fresh = reader.loadCollection(ID);
      assertEquals(model, keys(fresh.walReader().read(0, fresh.walPosition())));
      assertTrue(fresh.hasPartition("later"));
    }
  }

  /**
   * Opens the segment catalog in {@code stale}, commits {@value #OTHER_COMMITS} versions (watermark
   * i at version i) through {@code other}, then reads and commits through the stale handle.
   */
  static void segmentCatalogHandleRecovers(Warehouse stale, Supplier<Warehouse> other) {
    Collection collection = stale.createCollection(ID, schema());
    SegmentCatalog behind = collection.segmentCatalog();
    SegmentSet first = behind.commit(behind.current(), List.of(), 0, "test");
    assertEquals(first.snapshotId(), collection.segmentCatalogVersion());
    String seen = metadataFile(behind.table());
    long lastVersion;
    try (Warehouse writer = other.get()) {
      SegmentCatalog ahead = writer.loadCollection(ID).segmentCatalog();
      SegmentSet base = ahead.current();
      for (long watermark = 1; watermark <= OTHER_COMMITS; watermark++) {
        base = ahead.commit(base, List.of(), watermark, "test");
      }
      lastVersion = base.snapshotId();
      assertFalse(ahead.table().io().newInputFile(seen).exists(),
          "the scenario needs the metadata file the stale handle last read to be gone: " + seen);
    }

    assertEquals(OTHER_COMMITS, behind.current().watermark());
    assertEquals(lastVersion, collection.segmentCatalogVersion());
    SegmentSet next = behind.commit(behind.current(), List.of(), OTHER_COMMITS + 1, "test");
    assertEquals(OTHER_COMMITS + 1, next.watermark());
  }

  static Set<Long> keys(List<WalRecord> records) {
    Set<Long> keys = new TreeSet<>();
    records.forEach(r -> keys.add((Long) r.primaryKey()));
    return keys;
  }
}
