package io.vectorlake.flink;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.CatalogProperties;

/**
 * Builds a {@link VectorlakeSink}: {@code VectorlakeSink.builder().warehouse(props)
 * .collection("ns.docs").build()} for a stream of {@link VectorlakeRecord}s, {@link
 * #forRowData(RowType)} for Table API rows, {@link #mapping(VectorlakeRecordConverter)} for any
 * other type. {@link #build()} loads the collection once, so a wrong name or column fails here,
 * in the client, rather than in a running job.
 */
public final class VectorlakeSinkBuilder<IN> {
  /** Ops per {@code WalWriter.stage} call (one Parquet file per shard each): bounds memory. */
  public static final int DEFAULT_BATCH_ROWS = 20_000;

  private Map<String, String> warehouse;
  private String collection;
  private VectorlakeRecordConverter<IN> converter;
  private RowType rowType;
  private int batchRows = DEFAULT_BATCH_ROWS;
  private boolean upsertInserts;
  private String partition;
  private String uidSuffix;
  private Integer parallelism;

  private VectorlakeSinkBuilder() {}

  static VectorlakeSinkBuilder<VectorlakeRecord> forRecords() {
    VectorlakeSinkBuilder<VectorlakeRecord> builder = new VectorlakeSinkBuilder<>();
    builder.converter = VectorlakeRecordConverter.identity();
    return builder;
  }

  /** The Iceberg catalog properties of the warehouse, as {@code Warehouse.open} takes them. */
  public VectorlakeSinkBuilder<IN> warehouse(Map<String, String> properties) {
    this.warehouse = new HashMap<>(properties);
    return this;
  }

  /** The embedded warehouse in a directory (a Hadoop catalog); use the map form for others. */
  public VectorlakeSinkBuilder<IN> warehouse(String directory) {
    return warehouse(Map.of(CatalogProperties.WAREHOUSE_LOCATION, directory));
  }

  /** The collection to write, {@code db.name} or a name in the default database. */
  public VectorlakeSinkBuilder<IN> collection(String name) {
    this.collection = name;
    return this;
  }

  /** Sink Table API / SQL rows of this type; columns map to fields by name. */
  public VectorlakeSinkBuilder<RowData> forRowData(RowType type) {
    VectorlakeSinkBuilder<RowData> next = copyAs(null);
    next.rowType = Objects.requireNonNull(type, "row type");
    return next;
  }

  /** Sink elements of any type through a mapping to {@link VectorlakeRecord}. */
  public <T> VectorlakeSinkBuilder<T> mapping(VectorlakeRecordConverter<T> mapping) {
    return copyAs(Objects.requireNonNull(mapping, "mapping"));
  }

  /** Ops per staged batch; a writer holds at most this many rows in memory. */
  public VectorlakeSinkBuilder<IN> batchRows(int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("batchRows must be at least 1, got " + rows);
    }
    this.batchRows = rows;
    return this;
  }

  /** Write inserts ({@code +I}) as upserts, for sources that re-send rows they sent before. */
  public VectorlakeSinkBuilder<IN> upsertInserts(boolean value) {
    this.upsertInserts = value;
    return this;
  }

  /** The partition of inserts and upserts that name none (default: the default partition). */
  public VectorlakeSinkBuilder<IN> partition(String name) {
    this.partition = name;
    return this;
  }

  /**
   * Sets stable uids on the sink's operators (the writer and committer via {@link #append}, the
   * aggregator always), so savepoints restore into changed job graphs; {@link #append} defaults it
   * to the collection name. With {@code sinkTo}, set the same uid on the sink when setting this.
   */
  public VectorlakeSinkBuilder<IN> uidSuffix(String suffix) {
    this.uidSuffix = suffix;
    return this;
  }

  /** The writers' parallelism, applied by {@link #append}; with {@code sinkTo} set it there. */
  public VectorlakeSinkBuilder<IN> parallelism(int writers) {
    if (writers < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, got " + writers);
    }
    this.parallelism = writers;
    return this;
  }

  public VectorlakeSink<IN> build() {
    return build(uidSuffix);
  }

  private VectorlakeSink<IN> build(String suffix) {
    if (warehouse == null) {
      throw new IllegalArgumentException(
          "set the warehouse: .warehouse(directory) or .warehouse(icebergCatalogProperties)");
    }
    if (collection == null) {
      throw new IllegalArgumentException("set the collection to write: .collection(\"db.name\")");
    }
    CollectionId id = CollectionId.parse(collection);
    CollectionSchema schema;
    try (Warehouse opened = Warehouse.open(warehouse)) {
      Collection target = opened.loadCollection(id);
      schema = target.schema();
      if (partition != null && !target.hasPartition(partition)) {
        throw new IllegalArgumentException(
            "collection " + id + " has no partition '" + partition + "'; it has "
                + target.partitionNames());
      }
    }
    VectorlakeRecordConverter<IN> mapping = converter;
    if (rowType != null) {
      @SuppressWarnings("unchecked")
      VectorlakeRecordConverter<IN> rows =
          (VectorlakeRecordConverter<IN>) RowDataConverter.of(rowType, schema);
      mapping = rows;
    }
    return new VectorlakeSink<>(
        warehouse, id.toString(), schema, mapping, batchRows, upsertInserts, partition, suffix);
  }

  /** Builds the sink and attaches it to {@code input} with the configured parallelism. */
  public DataStreamSink<IN> append(DataStream<IN> input) {
    String suffix = uidSuffix != null ? uidSuffix
        : collection == null ? null : CollectionId.parse(collection).toString();
    VectorlakeSink<IN> sink = build(suffix);
    String uid = "vectorlake-sink-" + suffix;
    requireUnique(input.getExecutionEnvironment(), uid, sink.collection());
    DataStreamSink<IN> attached = input
        .sinkTo(sink)
        .name("Vectorlake sink: " + sink.collection())
        .uid(uid);
    if (parallelism != null) {
      attached.setParallelism(parallelism);
    }
    return attached;
  }

  /**
   * Flink maps a sink's state to its operators by uid, so two sinks with one uid cannot share a
   * job; the default uid is the collection's, so a second sink on one collection needs its own.
   * Said here, where the job is built, rather than by Flink when it is submitted.
   */
  private static void requireUnique(
      StreamExecutionEnvironment env, String uid, String collection) {
    for (Transformation<?> existing : env.getTransformations()) {
      if (uid.equals(existing.getUid())) {
        throw new IllegalArgumentException("this job has a Vectorlake sink with uid '" + uid
            + "' already; give each sink on collection " + collection + " its own uid with "
            + ".uidSuffix(\"...\") (the uid defaults to the collection name), and keep it when "
            + "the job changes: its state is restored by that uid");
      }
    }
  }

  private <T> VectorlakeSinkBuilder<T> copyAs(VectorlakeRecordConverter<T> mapping) {
    VectorlakeSinkBuilder<T> next = new VectorlakeSinkBuilder<>();
    next.warehouse = warehouse;
    next.collection = collection;
    next.converter = mapping;
    next.batchRows = batchRows;
    next.upsertInserts = upsertInserts;
    next.partition = partition;
    next.uidSuffix = uidSuffix;
    next.parallelism = parallelism;
    return next;
  }
}
