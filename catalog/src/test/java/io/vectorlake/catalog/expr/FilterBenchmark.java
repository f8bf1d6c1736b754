package io.vectorlake.catalog.expr;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.schema.Row;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Rows per second of the columnar and the row evaluator on 1M rows, for a few representative
 * filters. A plain main (not a test): {@code java -cp <test classpath> ...FilterBenchmark [rows]}.
 */
public final class FilterBenchmark {
  private static final String[] FILTERS = {
    "500000 <= id < 750000",
    "age in [18, 21, 30, 42, 65]",
    "name like \"user_12%\"",
    "(age > 30 and price < 50.0) or category == \"books\"",
    "age % 7 == 0 and not (price >= 90)",
    "meta[\"rank\"] > 500",
  };

  private FilterBenchmark() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    CollectionSchema schema =
        CollectionSchema.builder()
            .field(FieldSchema.primaryKey("id", DataType.INT64))
            .field(FieldSchema.builder("age", DataType.INT32))
            .field(FieldSchema.builder("price", DataType.FLOAT))
            .field(FieldSchema.builder("name", DataType.VARCHAR).maxLength(64))
            .field(FieldSchema.builder("category", DataType.VARCHAR).maxLength(64))
            .field(FieldSchema.builder("meta", DataType.JSON))
            .field(FieldSchema.floatVector("vec", 4, MetricType.L2))
            .build();
    List<Row> rows = rows(n);
    long t0 = System.nanoTime();
    ColumnBatch batch = ColumnBatch.of(schema, rows);
    System.out.printf(
        "built %,d rows into columns in %d ms%n", n, (System.nanoTime() - t0) / 1_000_000);
    t0 = System.nanoTime();
    FilterExpression.parse("meta[\"rank\"] > 0", schema).evaluate(batch);
    System.out.printf(
        "first JSON evaluation (parses the JSON column once): %d ms%n",
        (System.nanoTime() - t0) / 1_000_000);
    System.out.printf(
        "%-55s %12s %16s %16s%n", "filter", "matches", "columnar rows/s", "row rows/s");
    for (String text : FILTERS) {
      FilterExpression filter = FilterExpression.parse(text, schema);
      int matches = filter.evaluate(batch).cardinality();
      double columnar = rate(n, () -> filter.evaluate(batch));
      double row =
          rate(
              n,
              () -> {
                int count = 0;
                for (Row r : rows) {
                  count += filter.matches(r) ? 1 : 0;
                }
                if (count != matches) {
                  throw new IllegalStateException(
                      text + ": row evaluator found " + count + ", columnar " + matches);
                }
              });
      System.out.printf("%-55s %,12d %,16.0f %,16.0f%n", text, matches, columnar, row);
    }
    System.out.println(
        "JDK "
            + System.getProperty("java.version")
            + ", "
            + Runtime.getRuntime().availableProcessors()
            + " cpus, "
            + System.getProperty("os.arch"));
  }

  /** Rows per second over at least ~1 s after a warm-up. */
  private static double rate(int n, Runnable pass) {
    long deadline = System.nanoTime() + 300_000_000L;
    while (System.nanoTime() < deadline) {
      pass.run();
    }
    int passes = 0;
    long start = System.nanoTime();
    long elapsed;
    do {
      pass.run();
      passes++;
      elapsed = System.nanoTime() - start;
    } while (elapsed < 1_000_000_000L);
    return (double) n * passes / (elapsed / 1e9);
  }

  private static List<Row> rows(int n) {
    Random random = new Random(7);
    String[] categories = {"books", "music", "games", "garden", "tools"};
    List<Row> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Map<String, Object> values = new HashMap<>();
      values.put("id", (long) i);
      values.put("age", random.nextInt(80));
      values.put("price", random.nextFloat() * 100);
      values.put("name", "user_" + random.nextInt(100_000));
      values.put("category", categories[random.nextInt(categories.length)]);
      values.put(
          "meta",
          "{\"rank\":" + random.nextInt(1000) + ",\"tag\":\"t" + random.nextInt(10) + "\"}");
      rows.add(Row.ofCanonical(values));
    }
    return rows;
  }
}
