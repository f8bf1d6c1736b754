package io.vectorlake.flink;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.schema.Row;
import io.vectorlake.catalog.view.CollectionView;
import io.vectorlake.catalog.view.ResolvedRow;
import io.vectorlake.catalog.wal.WalRecord;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** The test collection and its rows: random data, reproducible from the key alone. */
final class TestCollections {
  static final String NAME = "db.docs";
  static final int DIM = 8;

  private TestCollections() {}

  static CollectionSchema schema(int shards) {
    return CollectionSchema.builder()
        .field(FieldSchema.primaryKey("id", DataType.INT64))
        .field(FieldSchema.floatVector("emb", DIM, MetricType.L2))
        .field(FieldSchema.builder("title", DataType.VARCHAR).maxLength(64).nullable(true))
        .shards(shards)
        .build();
  }

  static Collection create(Path warehouse, int shards) {
    try (Warehouse w = Warehouse.local(warehouse)) {
      w.createCollection(CollectionId.parse(NAME), schema(shards));
    }
    return load(warehouse);
  }

  /** A fresh handle (the warehouse it came from is closed; Hadoop catalogs need no connection). */
  static Collection load(Path warehouse) {
    try (Warehouse w = Warehouse.local(warehouse)) {
      return w.loadCollection(CollectionId.parse(NAME));
    }
  }

  /** The row of key {@code id} in version {@code version} (upserts send version 1). */
  static Map<String, Object> row(long id, int version) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", id);
    row.put("emb", vector(id, version));
    row.put("title", "doc " + id + " v" + version);
    return row;
  }

  static float[] vector(long id, int version) {
    Random random = new Random(id * 31 + version);
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      v[i] = random.nextFloat() * 2 - 1;
    }
    return v;
  }

  static List<WalRecord> wal(Collection collection) {
    return collection.walReader().read(0, collection.walPosition());
  }

  /** Asserts the resolved collection holds exactly {@code expected} (key to row). */
  static void assertResolvesTo(Collection collection, Map<Long, Map<String, Object>> expected) {
    CollectionView view = CollectionView.latest(collection);
    Map<Object, ResolvedRow> rows = view.rows();
    if (rows.size() != expected.size()) {
      throw new AssertionError(
          "the resolved collection holds " + rows.size() + " rows, expected " + expected.size());
    }
    expected.forEach((id, row) -> {
      ResolvedRow got = rows.get(id);
      if (got == null) {
        throw new AssertionError("key " + id + " is missing from the resolved collection");
      }
      Row want = Row.ofCanonical(new HashMap<>(row));
      if (!want.equals(got.row())) {
        throw new AssertionError("key " + id + ": expected " + want + ", got " + got.row());
      }
    });
  }
}
