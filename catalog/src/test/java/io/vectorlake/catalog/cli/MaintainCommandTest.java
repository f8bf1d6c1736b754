package io.vectorlake.catalog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MaintainCommandTest {
  @TempDir Path dir;

  private record Result(int exitCode, String out, String err) {}

  private Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = CollectionCommands.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--warehouse";
    all[args.length + 1] = dir.resolve("wh").toString();
    return new Result(cli.execute(all), out.toString(), err.toString());
  }

  private void fill(Warehouse wh, String name) throws Exception {
    Collection c = wh.createCollection(CollectionId.parse(name), CollectionSchema.builder()
        .field(FieldSchema.primaryKey("id", DataType.INT64))
        .field(FieldSchema.floatVector("v", 2, MetricType.L2))
        .shards(1)
        .build());
    for (long i = 0; i < 12; i++) {
      c.walWriter().commit(new WalBatch().insert(Map.of("id", i, "v", new float[] {i, 1})));
    }
    SealPlan.of(c).runLocally(c, 100, 1);
  }

  @Test
  void maintainPrintsWhatItRemovedForOneOrAllCollections() throws Exception {
    try (Warehouse wh = Warehouse.local(dir.resolve("wh"))) {
      fill(wh, "db.a");
      fill(wh, "default.b");
    }
    // 12 commits and the retention commit; the default policy keeps the newest 10 snapshots.
    Result one = run("maintain", "--collection", "db.a", "--max-age", "0ms", "--compact");
    assertEquals(0, one.exitCode(), one.err());
    assertTrue(one.out().contains("compacted db.a: "), one.out());
    assertTrue(one.out().contains("maintained db.a: expired 3 WAL"), one.out());
    assertTrue(one.out().contains("12 sealed WAL files left the WAL"), one.out());

    Result all = run("maintain", "--all", "--max-age", "0ms");
    assertEquals(0, all.exitCode(), all.err());
    assertTrue(all.out().contains("maintained db.a: "), all.out());
    assertTrue(all.out().contains("maintained default.b: "), all.out());
    try (Warehouse wh = Warehouse.local(dir.resolve("wh"))) {
      assertEquals(12, CollectionView.latest(wh.loadCollection(CollectionId.parse("db.a"))).size());
      assertEquals(12,
          CollectionView.latest(wh.loadCollection(CollectionId.parse("default.b"))).size());
    }
  }

  @Test
  void maintainNeedsACollectionOrAll() {
    Result neither = run("maintain");
    assertEquals(2, neither.exitCode());
    assertTrue(neither.err().contains("give either --collection DB.NAME or --all"), neither.err());
  }
}
