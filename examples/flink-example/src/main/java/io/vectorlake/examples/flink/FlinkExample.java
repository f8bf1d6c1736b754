package io.vectorlake.examples.flink;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.view.CollectionView;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import io.vectorlake.flink.VectorlakeRecord;
import io.vectorlake.flink.VectorlakeSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Vectorlake from Flink, in one page: a job streams inserts, upserts and deletes of documents into
 * a collection through the exactly-once sink, then the resolved collection is read back. Run:
 * {@code bin/vectorlake example-flink [--warehouse DIR]}.
 */
public final class FlinkExample {
  private FlinkExample() {}

  public static void main(String[] args) throws Exception {
    String warehouse = Path.of(args.length > 1 && args[0].equals("--warehouse") ? args[1] : "warehouse")
        .toAbsolutePath().toString();
    CollectionId id = CollectionId.parse("examples.documents");
    try (Warehouse wh = Warehouse.local(Path.of(warehouse))) {
      wh.dropCollection(id);
      wh.createCollection(id, CollectionSchema.builder()
          .field(FieldSchema.primaryKey("id", DataType.INT64))
          .field(FieldSchema.floatVector("embedding", 16, MetricType.IP))
          .field(FieldSchema.builder("text", DataType.VARCHAR).maxLength(128))
          .shards(2)
          .build());
    }

    // The changes a CDC stream would carry: 1,000 inserts, then 100 upserts and 50 deletes.
    Random random = new Random(7);
    List<VectorlakeRecord> changes = new ArrayList<>();
    for (long doc = 0; doc < 1000; doc++) {
      changes.add(VectorlakeRecord.insert(document(doc, "document " + doc, random)));
    }
    for (long doc = 0; doc < 100; doc++) {
      changes.add(VectorlakeRecord.upsert(document(doc, "document " + doc + ", edited", random)));
    }
    for (long doc = 950; doc < 1000; doc++) {
      changes.add(VectorlakeRecord.delete(doc));
    }

    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.enableCheckpointing(500);       // each checkpoint becomes one WAL commit
    VectorlakeSink.builder()
        .warehouse(warehouse)
        .collection(id.toString())
        .parallelism(2)                 // ops are routed by shard, so a key's ops stay in order
        .append(env.fromData(changes).setParallelism(1));
    env.execute("vectorlake flink example");

    try (Warehouse wh = Warehouse.local(Path.of(warehouse))) {
      CollectionView view = CollectionView.latest(wh.loadCollection(id));
      System.out.printf("documents: %d (1,000 inserted - 50 deleted); document 7 reads \"%s\"%n",
          view.size(), view.get(7L).orElseThrow().get("text"));
    }
  }

  private static Map<String, Object> document(long id, String text, Random random) {
    float[] embedding = new float[16];
    for (int i = 0; i < embedding.length; i++) {
      embedding[i] = random.nextFloat();
    }
    return Map.of("id", id, "embedding", embedding, "text", text);
  }
}
