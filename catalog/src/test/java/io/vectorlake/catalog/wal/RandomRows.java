package io.vectorlake.catalog.wal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Random rows for the every-field-type test schema (random data only tests mechanics). */
public final class RandomRows {
  private final Random random;

  public RandomRows(long seed) {
    this.random = new Random(seed);
  }

  public Random random() {
    return random;
  }

  public Map<String, Object> row(long id) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", id);
    row.put("emb", vector(4));
    if (random.nextBoolean()) {
      row.put("flag", random.nextBoolean());
    }
    row.put("i8", random.nextInt(256) - 128);
    if (random.nextBoolean()) {
      row.put("i16", random.nextInt(1000));
    }
    row.put("i32", random.nextInt());
    row.put("i64", random.nextLong());
    row.put("f", random.nextFloat());
    row.put("d", random.nextDouble());
    row.put("title", "t" + random.nextInt(1000));
    if (random.nextBoolean()) {
      row.put("meta", Map.of("n", random.nextInt(10), "s", "v" + random.nextInt(5)));
    }
    row.put("tags", List.of("a" + random.nextInt(9), "b"));
    row.put("scores", List.of(random.nextFloat(), random.nextFloat()));
    if (random.nextBoolean()) {
      row.put("color", random.nextBoolean() ? "red" : "blue");
    }
    return row;
  }

  public float[] vector(int dim) {
    float[] v = new float[dim];
    for (int i = 0; i < dim; i++) {
      v[i] = random.nextFloat() * 2 - 1;
    }
    return v;
  }
}
