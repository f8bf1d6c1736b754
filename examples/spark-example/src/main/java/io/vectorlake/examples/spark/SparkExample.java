package io.vectorlake.examples.spark;

import io.vectorlake.spark.VectorlakeSearch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Vectorlake from Spark, in one page: create a collection from a DataFrame, read it back with a
 * filter, upsert and delete through the DataFrame sink, then find the nearest neighbours of a few
 * vectors with a batch search. Run: {@code bin/vectorlake example-spark [--warehouse DIR]}.
 */
public final class SparkExample {
  private SparkExample() {}

  public static void main(String[] args) throws Exception {
    String warehouse = Path.of(args.length > 1 && args[0].equals("--warehouse") ? args[1] : "warehouse")
        .toAbsolutePath().toString();
    try (SparkSession spark = SparkSession.builder().master("local[2]").appName("vectorlake-example")
        .config("spark.ui.enabled", "false").getOrCreate()) {
      Map<String, String> collection = Map.of("warehouse", warehouse, "collection", "examples.products");

      // 1. A DataFrame of products with an 8-d embedding; the first write creates the collection.
      StructType schema = new StructType()
          .add("id", DataTypes.LongType, false)
          .add("embedding", DataTypes.createArrayType(DataTypes.FloatType, false), false)
          .add("category", DataTypes.IntegerType, false)
          .add("title", DataTypes.StringType, true);
      Dataset<Row> products = spark.createDataFrame(products(2000, 1), schema);
      products.write().format("vectorlake").options(collection)
          .option("create", "true").option("primaryKey", "id").option("vectorField", "embedding")
          .option("dim", "8").option("metric", "COSINE").option("maxLength", "64")
          .mode(SaveMode.Append).save();
      System.out.println("wrote 2,000 products");

      // 2. Read it back: a Milvus filter string, and Spark filters pushed down.
      Dataset<Row> read = spark.read().format("vectorlake").options(collection)
          .option("filter", "category in [1, 2] and title like \"product 1%\"").load();
      System.out.println("category 1 or 2, title 'product 1...': " + read.count() + " rows");
      spark.read().format("vectorlake").options(collection).load()
          .where("id < 5").select("id", "category", "title").show();

      // 3. Upsert ten products with new titles and delete ten, one WAL commit each.
      spark.createDataFrame(products(10, 2), schema)
          .selectExpr("id", "embedding", "category", "concat('renamed ', title) AS title")
          .write().format("vectorlake").options(collection).option("operation", "upsert")
          .mode(SaveMode.Append).save();
      spark.range(1990, 2000).toDF("id").write().format("vectorlake").options(collection)
          .option("operation", "delete").mode(SaveMode.Append).save();
      System.out.println("after upsert and delete: "
          + spark.read().format("vectorlake").options(collection).load().count() + " rows");

      // 4. Batch search: the 3 nearest products of each of the first three products' embeddings.
      Dataset<Row> queries = spark.read().format("vectorlake").options(collection).load()
          .where("id < 3").selectExpr("id AS query_id", "embedding AS vector");
      VectorlakeSearch.search(queries, Map.of("warehouse", warehouse), "examples.products",
          "embedding", 3, null, 0).orderBy("query_id", "rank").show();
    }
  }

  private static List<Row> products(int count, int seed) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (long id = 0; id < count; id++) {
      List<Float> embedding = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        embedding.add(random.nextFloat() * 2 - 1);
      }
      rows.add(RowFactory.create(id, embedding, (int) (id % 5), "product " + id));
    }
    return rows;
  }
}
