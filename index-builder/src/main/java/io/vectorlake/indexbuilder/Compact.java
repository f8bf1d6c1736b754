package io.vectorlake.indexbuilder;

import io.vectorlake.catalog.segment.BuildIntent;
import io.vectorlake.catalog.segment.CommitConflictException;
import io.vectorlake.catalog.segment.CompactionPlan;
import io.vectorlake.catalog.segment.SegmentMetadata;
import io.vectorlake.catalog.segment.SegmentSize;
import io.vectorlake.catalog.segment.SegmentWriter;
import io.vectorlake.catalog.segment.TieredMergePolicy;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Spark job that compacts a collection's segments: rewrites segments whose dead fraction is
 * over a threshold and merges small ones, one task per shard and partition group (indexes built in
 * the same task), and swaps them in with one segment catalog transaction.
 */
public final class Compact {
  private static final Logger LOG = LoggerFactory.getLogger(Compact.class);

  /** When a segment is rewritten. */
  public record Options(double maxDeadFraction, long smallRows, boolean full, int targetRows,
      int threadsPerTask, int attempts) implements Serializable {
    public static Options defaults() {
      return new Options(0.2, 10_000, false, 1_000_000,
          Math.max(1, Runtime.getRuntime().availableProcessors()), 3);
    }
  }

  /** What a compaction committed. */
  public record Result(int rewritten, int written, int dropped, int retiredTombstones) {}

  private final SparkSession spark;
  private final Map<String, String> warehouse;
  private final CollectionId collection;
  private final Options options;

  public Compact(SparkSession spark, Map<String, String> warehouse, CollectionId collection,
      Options options) {
    this.spark = spark;
    this.warehouse = Map.copyOf(warehouse);
    this.collection = collection;
    this.options = options;
  }

  public Result run() {
    for (int attempt = 1; ; attempt++) {
      CompactionPlan plan;
      try (Warehouse wh = Warehouse.open(warehouse)) {
        plan = CompactionPlan.of(wh.loadCollection(collection), options.maxDeadFraction(),
            options.smallRows(), options.full(), TieredMergePolicy.of(
                SegmentSize.ofRows(options.targetRows()), options.smallRows()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (plan.isEmpty()) {
        LOG.info("{}: nothing to compact", collection);
        return new Result(0, 0, 0, 0);
      }
      BuildIntent intent;
      try (Warehouse wh = Warehouse.open(warehouse)) {
        intent = wh.loadCollection(collection).segmentCatalog().beginBuild(plan.base().watermark());
      }
      try {
        return rewriteAndCommit(plan);
      } catch (CommitConflictException e) {
        if (attempt >= options.attempts()) {
          throw e;
        }
        LOG.warn("{}: {}; planning again", collection, e.getMessage());
      } finally {
        try (Warehouse wh = Warehouse.open(warehouse)) {
          wh.loadCollection(collection).segmentCatalog().endBuild(intent);
        }
      }
    }
  }

  /** Rewrites the plan's groups with one Spark task each, then commits them. */
  private Result rewriteAndCommit(CompactionPlan plan) {
    List<SegmentMetadata> outputs = new ArrayList<>();
    if (!plan.groups().isEmpty()) {
      Map<String, String> props = warehouse;
      CollectionId id = collection;
      Options opts = options;
      CompactionPlan forTasks = plan.forTasks();
      outputs.addAll(JavaSparkContext.fromSparkContext(spark.sparkContext())
          .parallelize(plan.groups(), plan.groups().size())
          .flatMap(group -> rewrite(props, id, forTasks, opts, group).iterator())
          .collect());
    }
    try (Warehouse wh = Warehouse.open(warehouse)) {
      Collection c = wh.loadCollection(collection);
      try {
        outputs.addAll(plan.writeTombstoneRewrites(c));
      } catch (IOException e) {
        throw new UncheckedIOException("writing the tombstones of " + collection, e);
      }
      plan.commit(c, outputs);
      int rewritten = plan.groups().stream().mapToInt(g -> g.inputs().size()).sum();
      LOG.info("{}: compacted {} segments into {}, dropped {}, retired {} tombstone segments",
          collection, rewritten, outputs.size(), plan.dropped().size(),
          plan.retiredTombstones().size());
      return new Result(rewritten, outputs.size(), plan.dropped().size(),
          plan.retiredTombstones().size());
    }
  }

  private static List<SegmentMetadata> rewrite(Map<String, String> props, CollectionId id,
      CompactionPlan plan, Options options, CompactionPlan.Group group) throws IOException {
    try (Warehouse wh = Warehouse.open(props)) {
      Collection c = wh.loadCollection(id);
      SegmentWriter writer = new SegmentWriter(c);
      List<SegmentMetadata> out = new ArrayList<>();
      for (SegmentMetadata sealed : plan.compact(c, group, options.targetRows())) {
        out.add(writer.buildIndexes(sealed, options.threadsPerTask()));
      }
      return out;
    }
  }
}
