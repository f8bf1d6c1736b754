package io.vectorlake.indexbuilder;

import io.vectorlake.catalog.maintenance.Maintenance;
import io.vectorlake.catalog.segment.BuildIntent;
import io.vectorlake.catalog.segment.CommitConflictException;
import io.vectorlake.catalog.segment.MissingSegmentFileException;
import io.vectorlake.catalog.segment.SealPlan;
import io.vectorlake.catalog.segment.SegmentKind;
import io.vectorlake.catalog.segment.SegmentMetadata;
import io.vectorlake.catalog.segment.SegmentSet;
import io.vectorlake.catalog.segment.ShardSealer;
import io.vectorlake.catalog.segment.SegmentWriter;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Spark job that seals a collection's WAL into indexed segments: it reads the WAL since the
 * segment catalog's watermark, resolves and cuts new segments with one task per shard, builds the
 * vector indexes with one task per segment (multi-threaded jvector inside the task), and commits
 * them all with the new watermark as one segment catalog transaction. A job that dies before its
 * commit leaves nothing visible (its files are orphans for {@code Cleanup}); a rerun seals the
 * same range again. A job that loses a commit race, or finds one of its files gone before its
 * commit, plans again, up to {@code attempts} times. Once committed it runs {@link
 * Maintenance#afterBuild}: WAL retention and snapshot expiry under the collection's policy.
 */
public final class BuildIndexes {
  private static final Logger LOG = LoggerFactory.getLogger(BuildIndexes.class);

  /** How a build cuts and indexes segments. */
  public record Options(int targetRows, int threadsPerTask, int attempts) implements Serializable {
    public static Options defaults() {
      return new Options(1_000_000, Math.max(1, Runtime.getRuntime().availableProcessors()), 3);
    }
  }

  /** What a build committed. */
  public record Result(long watermark, int newSegments, long sealedRows, long millis) {}

  /**
   * Segments written by a build that has not committed yet (the state a crash would leave), and
   * the intent that protects them from cleanup until {@link #commit} (null for an empty plan).
   */
  public record Prepared(SealPlan plan, List<SegmentMetadata> segments, BuildIntent intent)
      implements Serializable {}

  private final SparkSession spark;
  private final Map<String, String> warehouse;
  private final CollectionId collection;
  private final Options options;

  public BuildIndexes(SparkSession spark, Map<String, String> warehouse, CollectionId collection,
      Options options) {
    this.spark = spark;
    this.warehouse = Map.copyOf(warehouse);
    this.collection = collection;
    this.options = options;
  }

  public Result run() {
    for (int attempt = 1; ; attempt++) {
      long started = System.nanoTime();
      Prepared prepared = prepare();
      if (prepared.plan().isEmpty()) {
        LOG.info("{}: nothing to seal, the watermark {} is the WAL position", collection,
            prepared.plan().base().watermark());
        return new Result(prepared.plan().base().watermark(), 0, 0, 0);
      }
      try {
        SegmentSet committed = commit(prepared);
        afterBuild();
        long rows = prepared.segments().stream()
            .filter(s -> s.kind() == SegmentKind.ROWS).mapToLong(SegmentMetadata::rowCount).sum();
        long millis = (System.nanoTime() - started) / 1_000_000;
        LOG.info("{}: sealed ({}, {}] into {} segments ({} rows) in {} ms", collection,
            prepared.plan().base().watermark(), committed.watermark(), prepared.segments().size(),
            rows, millis);
        return new Result(committed.watermark(), prepared.segments().size(), rows, millis);
      } catch (CommitConflictException | MissingSegmentFileException e) {
        if (attempt >= options.attempts()) {
          throw e;
        }
        LOG.warn("{}: {}; planning again (attempt {} of {})", collection, e.getMessage(),
            attempt + 1, options.attempts());
      }
    }
  }

  /**
   * WAL retention and expiry, so storage stays near one copy between maintenance runs. The build
   * has committed: nothing here may fail it (the next build or maintain does what this could not).
   */
  private void afterBuild() {
    try (Warehouse wh = Warehouse.open(warehouse)) {
      Maintenance.afterBuild(wh.loadCollection(collection));
    } catch (RuntimeException e) {
      LOG.warn("{}: committed, but could not run WAL retention and expiry after it ({})",
          collection, e.toString());
    }
  }

  /** Plans the seal and writes every segment file, without committing. */
  public Prepared prepare() {
    SealPlan plan;
    BuildIntent intent;
    try (Warehouse wh = Warehouse.open(warehouse)) {
      Collection c = wh.loadCollection(collection);
      plan = SealPlan.of(c);
      if (plan.isEmpty()) {
        return new Prepared(plan, List.of(), null);
      }
      // Before the first file: a cleanup from now on keeps what this build writes.
      intent = c.segmentCatalog().beginBuild(plan.upTo());
    }
    LOG.info("{}: sealing WAL ({}, {}] of {} shards", collection, plan.base().watermark(),
        plan.upTo(), plan.shards());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Map<String, String> props = warehouse;
    CollectionId id = collection;
    Options opts = options;
    List<Integer> shards = IntStream.range(0, plan.shards()).boxed().toList();
    List<SegmentMetadata> sealed;
    List<SegmentMetadata> segments;
    try {
      sealed = jsc.parallelize(shards, shards.size())
        .flatMap(shard -> sealShard(props, id, plan, opts, shard).iterator())
          .collect();
      List<SegmentMetadata> rows =
          sealed.stream().filter(s -> s.kind() == SegmentKind.ROWS).toList();
      segments = new ArrayList<>(sealed);
      segments.removeAll(rows);
      if (!rows.isEmpty()) {
        segments.addAll(jsc.parallelize(rows, rows.size())
            .map(segment -> index(props, id, opts, segment))
            .collect());
      }
    } catch (RuntimeException e) {
      endIntent(intent); // the job failed here, not the driver: its files are orphans at once
      throw e;
    }
    return new Prepared(plan, segments, intent);
  }

  /**
   * Commits prepared segments and ends the build's intent; throws {@link CommitConflictException}
   * if another job won (the intent ends too: a rerun prepares again).
   */
  public SegmentSet commit(Prepared prepared) {
    try (Warehouse wh = Warehouse.open(warehouse)) {
      Collection c = wh.loadCollection(collection);
      try {
        return prepared.plan().commit(c, prepared.segments());
      } finally {
        if (prepared.intent() != null) {
          c.segmentCatalog().endBuild(prepared.intent());
        }
      }
    }
  }

  private void endIntent(BuildIntent intent) {
    try (Warehouse wh = Warehouse.open(warehouse)) {
      wh.loadCollection(collection).segmentCatalog().endBuild(intent);
    } catch (RuntimeException e) {
      LOG.warn("{}: could not end build intent {} ({}); maintenance expires it", collection,
          intent.id(), e.toString());
    }
  }

  private static List<SegmentMetadata> sealShard(
      Map<String, String> props, CollectionId id, SealPlan plan, Options options, int shard)
      throws java.io.IOException {
    try (Warehouse wh = Warehouse.open(props)) {
      Collection c = wh.loadCollection(id);
      List<SegmentMetadata> out = new ShardSealer(c, plan.base(), options.targetRows())
          .seal(shard, plan.base().watermark(), plan.upTo());
      out.forEach(s -> LOG.info("shard {}: sealed {} segment {} ({} rows, partition {})", shard,
          s.kind(), s.id(), s.rowCount(), s.partition()));
      return out;
    }
  }

  private static SegmentMetadata index(
      Map<String, String> props, CollectionId id, Options options, SegmentMetadata segment)
      throws java.io.IOException {
    try (Warehouse wh = Warehouse.open(props)) {
      return new SegmentWriter(wh.loadCollection(id)).buildIndexes(segment, options.threadsPerTask());
    }
  }
}
