package io.vectorlake.catalog.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.schema.TestSchemas;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code commitStaged} with a property change: the files and the properties in one commit. */
class WalCommitWithPropertiesTest {
  private static final CollectionId ID = CollectionId.parse("db.docs");

  @TempDir Path dir;
  private Warehouse warehouse;
  private Collection collection;

  @BeforeEach
  void createCollection() {
    warehouse = Warehouse.local(dir);
    collection = warehouse.createCollection(ID, TestSchemas.everyFieldType());
  }

  @AfterEach
  void close() {
    warehouse.close();
  }

  @Test
  void filesAndPropertiesLandInOneMetadataVersion() throws IOException {
    RandomRows random = new RandomRows(3);
    WalWriter writer = collection.walWriter();
    StagedWal staged = writer.stage(new WalBatch().insert(random.row(1)).insert(random.row(2)), 0);
    writer.commit(new WalBatch().insert(random.row(9)), Map.of()); // some history to keep
    Table table = collection.walTable();
    table.updateProperties().set("test.old", "x").commit();
    long versionsBefore = metadataVersions();

    WalCommit commit = writer.commitStaged(List.of(staged), Map.of("test.summary", "s"),
        update -> update.set("test.record", "checkpoint 7").remove("test.old"));

    assertEquals(versionsBefore + 1, metadataVersions(), "one commit, one new metadata version");
    try (Warehouse fresh = Warehouse.local(dir)) {
      Table read = fresh.loadCollection(ID).walTable();
      Snapshot current = read.currentSnapshot();
      assertEquals(commit.snapshotId(), current.snapshotId());
      assertEquals("s", current.summary().get("test.summary"));
      assertEquals("checkpoint 7", read.properties().get("test.record"));
      assertFalse(read.properties().containsKey("test.old"));
      assertEquals(3, fresh.loadCollection(ID).walReader().read(0, commit.position()).size());
    }
  }

  /** Another writer commits between staging and committing: both changes survive the retry. */
  @Test
  void conflictingCommitIsRetriedOnTheNewerTable() {
    RandomRows random = new RandomRows(4);
    WalWriter writer = collection.walWriter();
    StagedWal staged = writer.stage(new WalBatch().insert(random.row(1)), 0);
    try (Warehouse other = Warehouse.local(dir)) {
      Collection elsewhere = other.loadCollection(ID);
      elsewhere.walWriter().commit(new WalBatch().insert(random.row(2)));
      elsewhere.walTable().updateProperties().set("test.other", "kept").commit();
    }

    WalCommit commit = writer.commitStaged(
        List.of(staged), Map.of(), update -> update.set("test.record", "mine"));

    try (Warehouse fresh = Warehouse.local(dir)) {
      Collection read = fresh.loadCollection(ID);
      Map<String, String> properties = read.walTable().properties();
      assertEquals("kept", properties.get("test.other"));
      assertEquals("mine", properties.get("test.record"));
      assertEquals(List.of(2L, 1L),
          WalWriterTest.keysOf(read.walReader().read(0, commit.position())));
      assertTrue(commit.position() > 1);
    }
  }

  private long metadataVersions() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".metadata.json")).count();
    }
  }
}
