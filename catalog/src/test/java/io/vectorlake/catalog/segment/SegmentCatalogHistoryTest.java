package io.vectorlake.catalog.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentCatalogHistoryTest {
  @TempDir Path dir;

  /**
   * Issue 11's bench: the segment catalog, rewritten by every build, compaction and cleanup, kept
   * 100 old metadata files, so its file count grew for the first hundred builds of a collection.
   * It keeps ten, and a handle opened before all those commits still reads the newest version.
   */
  @Test
  void keepsTenMetadataVersionsAndOldHandlesStillRead() throws Exception {
    try (Warehouse warehouse = Warehouse.local(dir)) {
      Collection c = warehouse.createCollection(CollectionId.parse("db.history"),
          CollectionSchema.builder()
              .field(FieldSchema.primaryKey("id", DataType.INT64))
              .field(FieldSchema.floatVector("v", 2, MetricType.L2))
              .build());
      SegmentCatalog stale = c.segmentCatalog();
      SegmentCatalog writer = warehouse.loadCollection(c.id()).segmentCatalog();
      for (long watermark = 1; watermark <= 40; watermark++) {
        SegmentSet base = writer.current();
        writer.commit(base, base.segments(), watermark, "test");
      }
      Path metadata = Path.of(writer.table().location().replaceFirst("^file:", ""), "metadata");
      try (Stream<Path> files = Files.list(metadata)) {
        long versions = files.filter(p -> p.toString().endsWith(".metadata.json")).count();
        assertTrue(versions <= 11, versions + " metadata versions kept");
      }
      stale.table().refresh();
      assertEquals(40, stale.current().watermark());
    }
  }
}
