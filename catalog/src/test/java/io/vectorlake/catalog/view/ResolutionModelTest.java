package io.vectorlake.catalog.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.schema.Row;
import io.vectorlake.catalog.schema.RowValidator;
import io.vectorlake.catalog.segment.Cleanup;
import io.vectorlake.catalog.segment.CompactionPlan;
import io.vectorlake.catalog.segment.SealPlan;
import io.vectorlake.catalog.wal.WalBatch;
import io.vectorlake.catalog.wal.WalOp;
import io.vectorlake.catalog.wal.WalRecord;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resolution checked against a plain in-memory model of a collection on random sequences of
 * inserts, upserts, deletes (with and without partitions) and partition changes.
 */
class ResolutionModelTest {
  private static final CollectionSchema SCHEMA =
      CollectionSchema.builder()
          .field(FieldSchema.primaryKey("id", DataType.INT64))
          .field(FieldSchema.floatVector("v", 2, MetricType.L2))
          .field(FieldSchema.builder("n", DataType.INT32))
          .shards(3)
          .build();
  private static final RowValidator VALIDATOR = new RowValidator(SCHEMA);
  private static final int KEYS = 12;

  @TempDir Path dir;

  /** The model: a map of key to (partition, row), changed op by op, partitions as a set. */
  private static final class Model {
    final Map<Long, String> partitionOf = new HashMap<>();
    final Map<Long, Row> rows = new HashMap<>();
    final List<String> partitions = new ArrayList<>(List.of("_default"));

    void apply(WalBatch.Op op) {
      long key = op.op() == WalOp.DELETE ? (Long) op.primaryKey() : (Long) op.row().get("id");
      String partition = op.partition() == null && op.op() != WalOp.DELETE ? "_default" : op.partition();
      if (op.op() == WalOp.DELETE) {
        if (rows.containsKey(key) && (partition == null || partition.equals(partitionOf.get(key)))) {
          rows.remove(key);
          partitionOf.remove(key);
        }
      } else {
        rows.put(key, VALIDATOR.validate(op.row(), false));
        partitionOf.put(key, partition);
      }
    }

    void dropPartition(String name) {
      partitions.remove(name);
      partitionOf.entrySet().removeIf(e -> {
        if (e.getValue().equals(name)) {
          rows.remove(e.getKey());
          return true;
        }
        return false;
      });
    }

    Map<Object, Row> snapshot() {
      return new TreeMap<>(rows);
    }
  }

  @Test
  void resolverMatchesModelOnManyRandomSequences() {
    for (int seed = 0; seed < 2000; seed++) {
      Random random = new Random(seed);
      Model model = new Model();
      LatestRowResolver resolver = new LatestRowResolver();
      int commits = 1 + random.nextInt(8);
      for (int position = 1; position <= commits; position++) {
        WalBatch batch = randomBatch(random, List.of("_default", "p1"));
        int offset = 0;
        for (WalBatch.Op op : batch.ops()) {
          model.apply(op);
          resolver.apply(toRecord(op, position, offset++));
        }
        assertEquals(model.snapshot(), rowsOf(resolver.rows()), "seed " + seed + " commit " + position);
      }
    }
  }

  @Test
  void walViewMatchesModelOnRandomSequences() throws Exception {
    runRandomSequences(false);
  }

  @Test
  void viewOverSegmentsMatchesModelWithSealsInBetween() throws Exception {
    runRandomSequences(true);
  }

  private void runRandomSequences(boolean withSeals) throws Exception {
    try (Warehouse warehouse = Warehouse.local(dir)) {
      for (int seed = 0; seed < 12; seed++) {
        Random random = new Random((withSeals ? 2000 : 1000) + seed);
        Collection collection = warehouse.createCollection(
            CollectionId.parse((withSeals ? "db.s" : "db.c") + seed), SCHEMA);
        Model model = new Model();
        List<Map<Object, Row>> history = new ArrayList<>();
        List<Long> positions = new ArrayList<>();
        boolean dropped = false;
        for (int step = 0; step < (withSeals ? 14 : 8); step++) {
          int action = random.nextInt(10);
          if (action == 0 && !model.partitions.contains("p1")) {
            collection.createPartition("p1");
            model.partitions.add("p1");
          } else if (action == 1 && model.partitions.contains("p1")) {
            collection.dropPartition("p1");
            model.dropPartition("p1");
            dropped = true;
          } else if (withSeals && action >= 7) {
            SealPlan.of(collection).runLocally(collection, 4, 1);
          } else if (withSeals && action == 6) {
            CompactionPlan.of(collection, 0.2, 3, random.nextBoolean()).runLocally(collection, 4, 1);
          } else if (withSeals && action == 5) {
            Cleanup.run(collection, 0);
            dropped = true; // older views may lose their files
          } else {
            WalBatch batch = randomBatch(random, model.partitions);
            long position = collection.walWriter().commit(batch).position();
            batch.ops().forEach(model::apply);
            history.add(model.snapshot());
            positions.add(position);
          }
          CollectionView latest = CollectionView.latest(collection);
          assertEquals(model.snapshot(), rowsOf(latest.rows()), "seed " + seed + " step " + step);
        }
        if (!dropped) {
          // Partition drops are not versioned and cleanup deletes old files, so only without them
          // is every older view exact.
          for (int i = 0; i < positions.size(); i++) {
            assertEquals(
                history.get(i),
                rowsOf(CollectionView.at(collection, positions.get(i)).rows()),
                "seed " + seed + " at position " + positions.get(i));
          }
        }
      }
    }
  }

  private static WalBatch randomBatch(Random random, List<String> partitions) {
    WalBatch batch = new WalBatch();
    int size = 1 + random.nextInt(20);
    for (int i = 0; i < size; i++) {
      long key = random.nextInt(KEYS);
      String partition = random.nextInt(3) == 0 ? null : partitions.get(random.nextInt(partitions.size()));
      switch (random.nextInt(5)) {
        case 0, 1 -> batch.insert(partition, row(key, random));
        case 2, 3 -> batch.upsert(partition, row(key, random));
        default -> batch.delete(partition, key);
      }
    }
    return batch;
  }

  private static Map<String, Object> row(long key, Random random) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", key);
    row.put("v", new float[] {random.nextFloat(), random.nextFloat()});
    row.put("n", random.nextInt(100));
    return row;
  }

  private static WalRecord toRecord(WalBatch.Op op, long position, long offset) {
    if (op.op() == WalOp.DELETE) {
      return new WalRecord(op.op(), op.primaryKey(), 0, op.partition(), position, offset, null);
    }
    Row row = VALIDATOR.validate(op.row(), false);
    String partition = op.partition() == null ? "_default" : op.partition();
    return new WalRecord(op.op(), row.get("id"), 0, partition, position, offset, row);
  }

  private static Map<Object, Row> rowsOf(Map<Object, ResolvedRow> resolved) {
    Map<Object, Row> out = new TreeMap<>();
    resolved.forEach((key, row) -> out.put(key, row.row()));
    return out;
  }
}
