package io.vectorlake.serving.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.schema.Row;
import io.vectorlake.catalog.view.ResolvedRow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Packed sealed rows give back exactly the rows they were built from: every scalar type, nulls,
 * rows with and without the dynamic field, vectors from the segment's vector source, and keys
 * found by binary search whether or not the rows are in key order.
 */
class SealedRowsTest {
  private static final CollectionSchema SCHEMA = CollectionSchema.builder()
      .field(FieldSchema.primaryKey("pk", DataType.VARCHAR).maxLength(32))
      .field(FieldSchema.floatVector("v", 3, MetricType.L2))
      .field(FieldSchema.builder("b", DataType.BOOL).nullable(true))
      .field(FieldSchema.builder("i8", DataType.INT8))
      .field(FieldSchema.builder("i32", DataType.INT32).nullable(true))
      .field(FieldSchema.builder("i64", DataType.INT64))
      .field(FieldSchema.builder("f", DataType.FLOAT))
      .field(FieldSchema.builder("d", DataType.DOUBLE).nullable(true))
      .field(FieldSchema.builder("s", DataType.VARCHAR).maxLength(64).nullable(true))
      .field(FieldSchema.builder("j", DataType.JSON).nullable(true))
      .field(FieldSchema.builder("a", DataType.ARRAY).elementType(DataType.INT64).maxCapacity(8))
      .enableDynamicField(true)
      .build();

  private static final CollectionSchema LONG_KEYS = CollectionSchema.builder()
      .field(FieldSchema.primaryKey("id", DataType.INT64))
      .field(FieldSchema.floatVector("v", 3, MetricType.L2))
      .build();

  @Test
  void everyTypeAndNullComesBackAsWrittenInKeyOrderOrNot() {
    Random random = new Random(5);
    List<ResolvedRow> rows = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      Map<String, Object> values = new LinkedHashMap<>();
      String key = "k" + (1000 + i * 3);
      values.put("pk", key);
      values.put("v", new float[] {i, -i, 0.5f * i});
      values.put("b", random.nextInt(4) == 0 ? null : random.nextBoolean());
      values.put("i8", random.nextInt(256) - 128);
      values.put("i32", random.nextInt(5) == 0 ? null : random.nextInt());
      values.put("i64", random.nextLong());
      values.put("f", random.nextFloat());
      values.put("d", random.nextInt(5) == 0 ? null : random.nextDouble());
      values.put("s", random.nextInt(5) == 0 ? null : "text " + random.nextInt(50));
      values.put("j", random.nextInt(5) == 0 ? null : "{\"x\":" + random.nextInt(9) + "}");
      values.put("a", List.of(random.nextLong(), (long) i));
      if (random.nextBoolean()) {
        values.put(CollectionSchema.DYNAMIC_FIELD, "{\"extra\":" + i + "}");
      }
      rows.add(new ResolvedRow(key, "p1", 40 + i, i % 7, Row.ofCanonical(values)));
    }
    check(rows);
    List<ResolvedRow> shuffled = new ArrayList<>(rows);
    Collections.shuffle(shuffled, random);
    check(shuffled);
  }

  @Test
  void longKeysAreFoundAndAbsentOnesAreNot() {
    List<ResolvedRow> rows = new ArrayList<>();
    for (long key = 10; key < 5_000; key += 10) {
      rows.add(new ResolvedRow(key, "_default", key, 0,
          Row.ofCanonical(Map.of("id", key, "v", new float[] {key, 0, 0}))));
    }
    SealedRows packed = SealedRows.of(LONG_KEYS, "_default", withoutVectors(rows, "v"));
    for (int o = 0; o < rows.size(); o++) {
      assertEquals(o, packed.find(rows.get(o).primaryKey()));
      assertEquals(-1, packed.find((Long) rows.get(o).primaryKey() + 1));
    }
    assertEquals(-1, packed.find(0L));
    assertEquals(-1, packed.find(Long.MAX_VALUE));
    assertEquals(16L * rows.size() + 8L * rows.size(), packed.heapBytes());
  }

  private static void check(List<ResolvedRow> rows) {
    Map<Integer, float[]> vectors = new LinkedHashMap<>();
    for (int o = 0; o < rows.size(); o++) {
      vectors.put(o, rows.get(o).row().vector("v"));
    }
    SealedRows packed = SealedRows.of(SCHEMA, "p1", withoutVectors(rows, "v"));
    assertEquals(rows.size(), packed.size());
    for (int o = 0; o < rows.size(); o++) {
      int ordinal = o;
      ResolvedRow expected = rows.get(o);
      ResolvedRow actual = packed.row(o, (field, at) -> vectors.get(at));
      assertEquals(expected, actual, "ordinal " + o);
      assertEquals(expected.primaryKey(), packed.primaryKey(o));
      assertEquals(o, packed.find(expected.primaryKey()), "find " + expected.primaryKey());
      assertEquals(-1, packed.find(expected.primaryKey() + "x"));
      assertNull(packed.row(ordinal, (field, at) -> null).row().get("v"));
    }
    String smallest = rows.stream().map(r -> (String) r.primaryKey()).min(Comparator.naturalOrder())
        .orElseThrow();
    assertEquals(-1, packed.find("a"));
    assertEquals(-1, packed.find(smallest.substring(0, 2)));
  }

  private static List<ResolvedRow> withoutVectors(List<ResolvedRow> rows, String field) {
    List<ResolvedRow> out = new ArrayList<>();
    for (ResolvedRow r : rows) {
      Map<String, Object> values = new LinkedHashMap<>(r.row().values());
      values.remove(field);
      out.add(new ResolvedRow(r.primaryKey(), r.partition(), r.position(), r.offset(),
          Row.ofCanonical(values)));
    }
    return out;
  }
}
