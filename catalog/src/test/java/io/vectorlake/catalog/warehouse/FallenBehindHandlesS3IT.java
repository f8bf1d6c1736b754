package io.vectorlake.catalog.warehouse;

import io.vectorlake.catalog.testing.InProcessS3Extension;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11.1 on a JDBC catalog with S3FileIO against the in-process S3 server. The JDBC catalog's
 * refresh reads the current metadata pointer, so a handle whose last-read metadata file was
 * deleted (checked on S3) must still read, append and update properties as the model says. This
 * passed before the Hadoop fix as well: it guards the JDBC path rather than reproducing a defect.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FallenBehindHandlesS3IT {
  @RegisterExtension static final InProcessS3Extension S3 = new InProcessS3Extension("lake");

  @TempDir Path dir;

  private Map<String, String> properties(String prefix) {
    Map<String, String> props =
        S3.server().jdbcWarehouseProperties(dir.resolve("catalog.db"), "lake", prefix);
    return props;
  }

  /** A WAL handle 130 commits behind, its metadata file deleted from S3, reads and writes. */
  @Test
  void walHandleThatFellBehindReadsAndWritesAgain() {
    try (Warehouse stale = Warehouse.open(properties("wal"))) {
      FallingBehind.walHandleRecovers(stale, () -> Warehouse.open(properties("wal")));
    }
  }

  /** A segment catalog handle 130 versions behind sees the newest version and commits on it. */
  @Test
  void segmentCatalogHandleThatFellBehindSeesTheNewestVersion() {
    try (Warehouse stale = Warehouse.open(properties("segments"))) {
      FallingBehind.segmentCatalogHandleRecovers(stale, () -> Warehouse.open(properties("segments")));
    }
  }
}
