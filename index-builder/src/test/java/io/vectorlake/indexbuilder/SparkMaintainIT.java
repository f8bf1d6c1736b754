package io.vectorlake.indexbuilder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.cli.CollectionCommands;
import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.segment.SealPlan;
import io.vectorlake.catalog.view.CollectionView;
import io.vectorlake.catalog.wal.WalBatch;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code maintain --compact} through the index builder's command line, compacting with Spark. */
@Timeout(300)
class SparkMaintainIT {
  @TempDir Path dir;

  @Test
  void maintainCompactsWithSparkAndPrintsWhatItRemoved() throws Exception {
    Path wh = dir.resolve("wh");
    try (Warehouse warehouse = Warehouse.local(wh)) {
      Collection c = warehouse.createCollection(CollectionId.parse("db.small"),
          CollectionSchema.builder()
              .field(FieldSchema.primaryKey("id", DataType.INT64))
              .field(FieldSchema.floatVector("v", 2, MetricType.L2))
              .shards(1)
              .build());
      for (long i = 0; i < 4; i++) {
        c.walWriter().commit(new WalBatch().insert(Map.of("id", i, "v", new float[] {i, 1})));
        SealPlan.of(c).runLocally(c, 100, 1); // four one-row segments to merge
      }
    }
    StringWriter out = new StringWriter();
    CommandLine cli = CollectionCommands.withUserErrors(new CommandLine(new IndexBuilderCommands()));
    cli.setOut(new PrintWriter(out));
    int code = cli.execute("maintain", "--warehouse", wh.toString(), "--collection", "db.small",
        "--compact", "--master", "local[2]", "--threads", "1", "--max-age", "0ms");
    assertEquals(0, code);
    assertTrue(out.toString().contains("compacted db.small: 4 segments rewritten into 1"),
        out.toString());
    assertTrue(out.toString().contains("maintained db.small: "), out.toString());
    try (Warehouse warehouse = Warehouse.local(wh)) {
      Collection c = warehouse.loadCollection(CollectionId.parse("db.small"));
      assertEquals(4, CollectionView.latest(c).size());
      assertEquals(1, c.segmentCatalog().current().liveRows().size());
    }
  }
}
