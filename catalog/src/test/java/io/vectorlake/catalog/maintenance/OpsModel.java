package io.vectorlake.catalog.maintenance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.schema.Row;
import io.vectorlake.catalog.schema.RowValidator;
import io.vectorlake.catalog.search.SearchHit;
import io.vectorlake.catalog.search.SnapshotSearcher;
import io.vectorlake.catalog.view.ReadPlan;
import io.vectorlake.catalog.view.ResolvedRow;
import io.vectorlake.catalog.wal.WalBatch;
import io.vectorlake.catalog.warehouse.Collection;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** A model of a collection's ops (key to validated row), random batches, and checks against it. */
public final class OpsModel {
  public static final CollectionSchema SCHEMA =
      CollectionSchema.builder()
          .field(FieldSchema.primaryKey("id", DataType.INT64))
          .field(FieldSchema.floatVector("v", 2, MetricType.L2))
          .field(FieldSchema.builder("n", DataType.INT32))
          .shards(2)
          .build();
  private static final RowValidator VALIDATOR = new RowValidator(SCHEMA);
  private static final int KEYS = 300;

  /** The model of a collection: key to validated row. */
  public static final class Model {
    final Map<Object, Row> rows = new TreeMap<>();

    synchronized void apply(WalBatch batch) {
      for (WalBatch.Op op : batch.ops()) {
        switch (op.op()) {
          case DELETE -> rows.remove(op.primaryKey());
          default -> rows.put(op.row().get("id"), VALIDATOR.validate(op.row(), false));
        }
      }
    }

    public synchronized Map<Object, Row> copy() {
      return new TreeMap<>(rows);
    }
  }

  static WalBatch randomBatch(Random random, int ops) {
    WalBatch batch = new WalBatch();
    for (int i = 0; i < ops; i++) {
      long key = random.nextInt(KEYS);
      int choice = random.nextInt(10);
      if (choice < 2) {
        batch.delete(key);
      } else {
        Map<String, Object> row = Map.of("id", key,
            "v", new float[] {random.nextFloat(), random.nextFloat()}, "n", random.nextInt(1000));
        if (choice < 6) {
          batch.upsert(row);
        } else {
          batch.insert(row);
        }
      }
    }
    return batch;
  }

  /** Commits {@code batches} random batches of {@code ops} ops each, applying each to the model. */
  public static void commitRandom(Collection c, Random random, Model model, int batches, int ops) {
    for (int i = 0; i < batches; i++) {
      WalBatch batch = randomBatch(random, ops);
      c.walWriter().commit(batch);
      model.apply(batch);
    }
  }

  public static Map<Object, Row> rowsOf(Map<Object, ResolvedRow> resolved) {
    Map<Object, Row> rows = new TreeMap<>();
    resolved.forEach((k, v) -> rows.put(k, v.row()));
    return rows;
  }

  private OpsModel() {}

  /** Every row of the model is its own nearest neighbour (the vectors are distinct enough). */
  static void assertSearchFindsEveryRow(Collection c, Model model) throws Exception {
    Map<Object, Row> rows = model.copy();
    try (SnapshotSearcher searcher = SnapshotSearcher.open(c, ReadPlan.of(c, c.walPosition()),
        "v", Path.of(System.getProperty("java.io.tmpdir"), "vectorlake-maint-cache-"
            + System.nanoTime()))) {
      int found = 0;
      for (Map.Entry<Object, Row> e : rows.entrySet()) {
        List<SearchHit> hits = searcher.search((float[]) e.getValue().get("v"), 3, 64, null);
        if (hits.stream().anyMatch(h -> h.primaryKey().equals(e.getKey()))) {
          found++;
        }
      }
      assertTrue(found >= rows.size() * 0.95, "found " + found + " of " + rows.size());
    }
  }
}
