package io.vectorlake.catalog.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11.1 on the embedded Hadoop catalog, whose refresh walks forward from the last version a
 * handle read: once another writer's commits removed that version's metadata file, a plain Iceberg
 * handle fails every refresh with "Metadata file for version N is missing".
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class FallenBehindHandlesTest {
  @TempDir Path dir;

  /** A WAL handle 130 commits behind reads every row, appends and updates properties again. */
  @Test
  void walHandleThatFellBehindReadsAndWritesAgain() {
    try (Warehouse stale = Warehouse.local(dir)) {
      FallingBehind.walHandleRecovers(stale, () -> Warehouse.local(dir));
    }
  }

  /** A segment catalog handle 130 versions behind sees the newest version and commits on it. */
  @Test
  void segmentCatalogHandleThatFellBehindSeesTheNewestVersion() {
    try (Warehouse stale = Warehouse.local(dir)) {
      FallingBehind.segmentCatalogHandleRecovers(stale, () -> Warehouse.local(dir));
    }
  }

  /**
   * Found by the soak (a fresh load failing with "Metadata file for version 287 is missing"): a
   * committer that stalls between its commit and its version-hint write can leave, long after,
   * a hint naming a version other writers' commits have deleted since (apache/iceberg#12740: the
   * hint is only a hint). Every fresh load then failed, and so did the reload of a handle that
   * fell behind, until the next commit wrote the hint again. Both must find the newest version.
   */
  @Test
  void aStaleVersionHintNamingADeletedVersionDoesNotStopLoads() throws Exception {
    try (Warehouse stale = Warehouse.local(dir); Warehouse other = Warehouse.local(dir)) {
      Collection behind = stale.createCollection(FallingBehind.ID, FallingBehind.schema());
      behind.walWriter().commit(FallingBehind.row(0));
      Collection writer = other.loadCollection(FallingBehind.ID);
      for (long key = 1; key <= FallingBehind.OTHER_COMMITS; key++) {
        writer.walWriter().commit(FallingBehind.row(key));
      }
      Path metadata = dir.resolve("db/behind/metadata");
      assertFalse(Files.exists(metadata.resolve("v3.metadata.json")), "scenario: v3 deleted");
      staleHint(metadata); // the stalled committer

      try (Warehouse fresh = Warehouse.local(dir)) {
        assertEquals(FallingBehind.OTHER_COMMITS + 1,
            fresh.loadCollection(FallingBehind.ID).walPosition(), "a fresh load");
      }
      staleHint(metadata);
      assertEquals(FallingBehind.OTHER_COMMITS + 1, behind.walPosition(), "a handle's reload");
    }
  }

  /** Writes version 3 into the hint as Hadoop would (its checksum file gone with the old one). */
  private static void staleHint(Path metadata) throws Exception {
    Files.deleteIfExists(metadata.resolve(".version-hint.text.crc"));
    Files.writeString(metadata.resolve("version-hint.text"), "3");
  }

  /**
   * A handle whose collection was dropped and created again under the same name must not silently
   * read the new one: the version it last read is missing from the new table, and the reload finds
   * another table and says so.
   */
  @Test
  void handleOfADroppedAndRecreatedCollectionFailsClearly() {
    try (Warehouse stale = Warehouse.local(dir); Warehouse other = Warehouse.local(dir)) {
      Collection old = stale.createCollection(FallingBehind.ID, FallingBehind.schema());
      for (long key = 0; key < 5; key++) {
        old.walWriter().commit(FallingBehind.row(key));
      }
      other.dropCollection(FallingBehind.ID);
      Collection recreated = other.createCollection(FallingBehind.ID, FallingBehind.schema());
      recreated.walWriter().commit(FallingBehind.row(0));
      IllegalStateException e = assertThrows(IllegalStateException.class, old::walPosition);
      assertTrue(e.getMessage().contains("dropped and created again"), e.getMessage());
    }
  }
}
