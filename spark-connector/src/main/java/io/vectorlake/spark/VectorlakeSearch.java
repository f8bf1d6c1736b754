package io.vectorlake.spark;

import io.vectorlake.catalog.expr.FilterExpression;
import io.vectorlake.catalog.index.IndexSpec;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.search.SearchHit;
import io.vectorlake.catalog.search.SnapshotSearcher;
import io.vectorlake.catalog.segment.SegmentMetadata;
import io.vectorlake.catalog.view.ReadPlan;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Batch vector search: the top-k rows of a collection for every query of a DataFrame, searched
 * per segment on the executors with the built indexes (filtered by an accepted-ordinal bitset),
 * plus the WAL tail exactly, merged per query. For dedup, retrieval evaluation, recommendations.
 */
public final class VectorlakeSearch {
  private VectorlakeSearch() {}

  /** One query: its id (any value of the id column) and vector. */
  private record Query(Object id, float[] vector) implements Serializable {}

  /** One candidate of one query. */
  private record Candidate(Object queryId, Object key, float score) implements Serializable {}

  /**
   * Searches {@code collection} (options {@code warehouse}/{@code conf.*} as for the DataFrame
   * source) for each row of {@code queries} (columns {@code query_id} and {@code vector}, an
   * array of floats). Returns {@code query_id, id, score, rank} (rank 1 is the nearest), scores in
   * Milvus' conventions. {@code filter} is a Milvus filter expression or null; {@code ef} the
   * search beam width (0 for the default).
   */
  public static Dataset<Row> search(Dataset<Row> queries, Map<String, String> options,
      String collection, String vectorField, int k, String filter, int ef) {
    if (k < 1 || k > 16_384) {
      throw new IllegalArgumentException("k must be in [1, 16384], got " + k);
    }
    Map<String, String> opts = new java.util.HashMap<>(options);
    opts.put("collection", collection);
    ConnectorOptions connector = ConnectorOptions.from(opts);
    SparkSession spark = queries.sparkSession();
    List<Query> list = new ArrayList<>();
    for (Row row : queries.select("query_id", "vector").collectAsList()) {
      List<Object> values = row.getList(1);
      float[] vector = new float[values.size()];
      for (int i = 0; i < vector.length; i++) {
        vector[i] = ((Number) values.get(i)).floatValue();
      }
      list.add(new Query(row.get(0), vector));
    }
    int beam = ef > 0 ? ef : IndexSpec.DEFAULT_SEARCH_EF;

    ReadPlan plan;
    MetricType metric;
    FieldSchema key;
    try (Warehouse warehouse = Warehouse.open(connector.warehouse())) {
      Collection c = warehouse.loadCollection(connector.collection());
      FieldSchema field = c.schema().requireField(vectorField);
      if (!field.type().isVector()) {
        throw new IllegalArgumentException("field '" + vectorField + "' is not a vector field");
      }
      for (Query q : list) {
        if (q.vector().length != field.dim()) {
          throw new IllegalArgumentException("query " + q.id() + " has dim " + q.vector().length
              + "; field '" + vectorField + "' expects " + field.dim());
        }
      }
      if (filter != null) {
        FilterExpression.parse(filter, c.schema());
      }
      metric = c.indexSpec(vectorField).metric();
      key = c.schema().primaryKey();
      plan = ReadPlan.of(c, c.walPosition());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }

    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    ReadPlan forSegments = plan.forSegmentTasks();
    List<SegmentMetadata> segments = plan.rowSegments();
    JavaRDD<Candidate> fromSegments = segments.isEmpty() ? jsc.emptyRDD()
        : jsc.parallelize(segments, segments.size()).flatMap(segment -> searchPart(connector,
            forSegments, List.of(segment), false, vectorField, list, k, beam, filter).iterator());
    List<Candidate> fromTail;
    try {
      fromTail = searchPart(connector, plan, List.of(), true, vectorField, list, k, beam, filter);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    JavaRDD<Candidate> all = fromSegments.union(jsc.parallelize(fromTail, 1));

    boolean largerIsCloser = metric.largerIsCloser();
    JavaRDD<Row> ranked = all.mapToPair(c -> new Tuple2<>(c.queryId(), c))
        .groupByKey()
        .flatMap(group -> {
          List<Candidate> candidates = new ArrayList<>();
          group._2().forEach(candidates::add);
          Comparator<Candidate> nearestFirst = Comparator.comparingDouble(Candidate::score);
          candidates.sort(largerIsCloser ? nearestFirst.reversed() : nearestFirst);
          List<Row> rows = new ArrayList<>();
          for (int i = 0; i < Math.min(k, candidates.size()); i++) {
            Candidate c = candidates.get(i);
            rows.add(RowFactory.create(c.queryId(), c.key(), c.score(), i + 1));
          }
          return rows.iterator();
        });
    StructType queryIdType = queries.select("query_id").schema();
    StructType schema = new StructType()
        .add("query_id", queryIdType.fields()[0].dataType(), false)
        .add(key.name(), SparkSchemas.sparkType(key), false)
        .add("score", DataTypes.FloatType, false)
        .add("rank", DataTypes.IntegerType, false);
    return spark.createDataFrame(ranked, schema);
  }

  /** Searches every query in one part of the plan (some segments, or the tail). */
  private static List<Candidate> searchPart(ConnectorOptions options, ReadPlan plan,
      List<SegmentMetadata> segments, boolean tail, String field, List<Query> queries, int k,
      int ef, String filter) throws IOException {
    try (Warehouse warehouse = Warehouse.open(options.warehouse())) {
      Collection collection = warehouse.loadCollection(options.collection());
      FilterExpression expression =
          filter == null ? null : FilterExpression.parse(filter, collection.schema());
      // Only indexes of a remote warehouse are copied here; local ones are mapped in place.
      Path cache = Path.of(System.getProperty("java.io.tmpdir"), "vectorlake-index-cache");
      List<Candidate> out = new ArrayList<>();
      try (SnapshotSearcher searcher =
          SnapshotSearcher.open(collection, plan, segments, tail, field, cache)) {
        for (Query q : queries) {
          for (SearchHit hit : searcher.search(q.vector(), k, ef, expression)) {
            out.add(new Candidate(q.id(), hit.primaryKey(), hit.score()));
          }
        }
      }
      return out;
    }
  }
}
