package io.vectorlake.catalog.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.index.CorruptIndexException;
import io.vectorlake.catalog.schema.RowValidator;
import io.vectorlake.catalog.schema.TestSchemas;
import io.vectorlake.catalog.view.ResolvedRow;
import io.vectorlake.catalog.wal.RandomRows;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentFilesTest {
  @TempDir Path dir;
  private Warehouse warehouse;
  private Collection collection;

  @BeforeEach
  void open() {
    warehouse = Warehouse.local(dir.resolve("wh"));
    collection = warehouse.createCollection(CollectionId.parse("db.docs"), TestSchemas.everyFieldType());
  }

  @AfterEach
  void close() {
    warehouse.close();
  }

  private List<ResolvedRow> rows(int count) {
    RandomRows random = new RandomRows(3);
    RowValidator validator = new RowValidator(collection.schema());
    List<ResolvedRow> rows = new ArrayList<>();
    for (long id = count - 1; id >= 0; id--) {
      rows.add(new ResolvedRow(id, "_default", 7, id, validator.validate(random.row(id), false)));
    }
    return rows;
  }

  @Test
  void rowsSegmentRoundTripsEveryFieldTypeInKeyOrder() throws IOException {
    List<ResolvedRow> written = rows(300);
    SegmentMetadata segment = new SegmentWriter(collection).writeRows(1, "_default", 0, 7, written);
    assertEquals(300, segment.rowCount());
    List<ResolvedRow> read = new SegmentReader(collection).rows(segment);
    for (int i = 0; i < read.size(); i++) {
      ResolvedRow row = read.get(i);
      assertEquals((long) i, row.primaryKey(), "rows are sorted by key, so ordinal = position");
      ResolvedRow original = written.get(written.size() - 1 - i);
      assertEquals(original.row(), row.row());
      assertEquals(original.offset(), row.offset());
      assertEquals(7, row.position());
    }
    float[] packed = new SegmentReader(collection).vectors(segment, "emb");
    assertArrayEquals(read.get(5).row().vector("emb"), java.util.Arrays.copyOfRange(packed, 20, 24));
  }

  @Test
  void tombstonesRoundTrip() throws IOException {
    List<Tombstone> tombstones = List.of(new Tombstone(3L, 9, 1), new Tombstone(8L, 9, 4));
    SegmentMetadata segment = new SegmentWriter(collection).writeTombstones(0, 5, 9, tombstones);
    assertEquals(SegmentKind.TOMBSTONES, segment.kind());
    assertEquals(tombstones, new SegmentReader(collection).tombstones(segment));
    assertTrue(tombstones.get(0).kills(9, 0));
    assertFalse(tombstones.get(0).kills(9, 1));
  }

  @Test
  void keyFilterHasNoFalseNegativesAndFewFalsePositives() throws IOException {
    KeyFilter filter = KeyFilter.forKeys(20_000);
    for (long k = 0; k < 10_000; k++) {
      filter.add(k * 7);
      filter.add("key-" + k);
    }
    KeyFilter read = KeyFilter.fromBytes(filter.toBytes(), "test");
    int falsePositives = 0;
    for (long k = 0; k < 10_000; k++) {
      assertTrue(read.mayContain(k * 7));
      assertTrue(read.mayContain("key-" + k));
      falsePositives += read.mayContain(k * 7 + 1) ? 1 : 0;
    }
    assertTrue(falsePositives < 300, "1% expected, got " + falsePositives + " in 10,000");
  }

  @Test
  void damagedKeyFilterIsDetected() {
    byte[] bytes = KeyFilter.forKeys(100).toBytes();
    bytes[20] ^= 1;
    CorruptIndexException e =
        assertThrows(CorruptIndexException.class, () -> KeyFilter.fromBytes(bytes, "k.filter"));
    assertEquals("key filter k.filter does not match its checksum", e.getMessage());
    assertThrows(CorruptIndexException.class,
        () -> KeyFilter.fromBytes(java.util.Arrays.copyOf(bytes, 10), "k.filter"));
  }

  @Test
  void missingIndexIsNamedAndExactSearchDataStaysReadable() throws IOException {
    SegmentWriter writer = new SegmentWriter(collection);
    SegmentMetadata indexed = writer.buildIndexes(writer.writeRows(0, "_default", 0, 7, rows(50)), 1);
    Path graph = Path.of(indexed.location()).resolve(indexed.index("emb").graph().name());
    Files.delete(graph);
    SegmentReader reader = new SegmentReader(collection);
    CorruptIndexException e = assertThrows(CorruptIndexException.class,
        () -> reader.openIndex(indexed, "emb", dir.resolve("cache"), false));
    assertTrue(e.getMessage().contains("emb.graph is missing"), e.getMessage());
    assertEquals(50 * 4, reader.vectors(indexed, "emb").length, "the fallback: exact search data");
    assertNull(indexed.index("nope"));
  }

  @Test
  void missingRowsFileIsNamed() throws IOException {
    SegmentMetadata segment = new SegmentWriter(collection).writeRows(0, "_default", 0, 7, rows(5));
    Files.delete(Path.of(segment.location()).resolve(SegmentWriter.ROWS_FILE));
    CorruptIndexException e = assertThrows(CorruptIndexException.class,
        () -> new SegmentReader(collection).rows(segment));
    assertTrue(e.getMessage().contains("rows.parquet is missing"), e.getMessage());
  }

  @Test
  void concurrentCatalogCommitsFromOneBaseLetOnlyOneWin() throws IOException {
    SegmentCatalog catalog = collection.segmentCatalog();
    SegmentSet base = catalog.current();
    SegmentWriter writer = new SegmentWriter(collection);
    SegmentMetadata a = writer.writeRows(0, "_default", 0, 1, rows(3));
    SegmentMetadata b = writer.writeRows(0, "_default", 0, 1, rows(4));
    SegmentSet first = catalog.commit(base, List.of(a), 1, "seal");
    CommitConflictException e = assertThrows(CommitConflictException.class,
        () -> catalog.commit(base, List.of(b), 1, "seal"));
    assertTrue(e.getMessage().contains("changed since"), e.getMessage());
    assertEquals(List.of(a.id()), catalog.current().segments().stream().map(SegmentMetadata::id).toList());
    assertEquals(first.snapshotId(), catalog.current().snapshotId());
    assertEquals(a, catalog.current().segments().get(0), "the catalog row round-trips");

    SegmentSet second = catalog.commit(first, List.of(a, b), 5, "seal");
    assertEquals(1, catalog.at(4).watermark(), "a reader at position 4 sees the older version");
    assertEquals(5, catalog.at(5).watermark());
    assertEquals(2, second.segments().size());
    assertEquals(SegmentSet.EMPTY, catalog.at(0));
  }
}
