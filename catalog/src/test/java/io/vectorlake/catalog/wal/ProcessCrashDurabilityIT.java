package io.vectorlake.catalog.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.view.CollectionView;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's claim for the local Hadoop catalog: a write acknowledged by {@code WalWriter.commit}
 * survives a crash of the writing process. A child JVM commits batches, reports each
 * acknowledged batch on stdout, and halts (no shutdown hooks, no closing) right after the last.
 */
@Timeout(120)
class ProcessCrashDurabilityIT {
  static final CollectionId ID = CollectionId.parse("crash.docs");

  @TempDir Path dir;

  @Test
  void acknowledgedWritesSurviveAHaltedProcess() throws Exception {
    try (Warehouse warehouse = Warehouse.local(dir)) {
      warehouse.createCollection(ID, CollectionSchema.builder()
          .field(FieldSchema.primaryKey("id", DataType.INT64))
          .field(FieldSchema.floatVector("v", 2, MetricType.L2))
          .shards(2)
          .build());
    }
    Process child = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"),
            HaltingWriter.class.getName(), dir.toString(), "5")
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    Set<Long> acknowledged = new HashSet<>();
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        if (line.startsWith("acknowledged ")) {
          for (String key : line.substring("acknowledged ".length()).split(",")) {
            acknowledged.add(Long.parseLong(key));
          }
        }
      }
    }
    assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the writer exits");
    assertEquals(HaltingWriter.HALTED, child.exitValue(), "the writer halted itself");
    assertEquals(50, acknowledged.size(), "five batches of ten were acknowledged");

    try (Warehouse warehouse = Warehouse.local(dir)) {
      assertEquals(acknowledged,
          CollectionView.latest(warehouse.loadCollection(ID)).rows().keySet());
    }
  }

  /** The child process: commits {@code batches} batches of ten rows, then halts. */
  public static final class HaltingWriter {
    static final int HALTED = 42;

    public static void main(String[] args) {
      Warehouse warehouse = Warehouse.local(Path.of(args[0]));
      WalWriter writer = warehouse.loadCollection(ID).walWriter();
      int batches = Integer.parseInt(args[1]);
      for (int b = 0; b < batches; b++) {
        WalBatch batch = new WalBatch();
        for (long id = b * 10L; id < b * 10L + 10; id++) {
          batch.insert(Map.of("id", id, "v", new float[] {id, 1}));
        }
        List<String> keys = new ArrayList<>();
        writer.commit(batch).primaryKeys().forEach(k -> keys.add(k.toString()));
        System.out.println("acknowledged " + String.join(",", keys));
        System.out.flush();
      }
      Runtime.getRuntime().halt(HALTED);
    }
  }
}
