package io.vectorlake.flink;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.SchemaJson;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessageTypeInfo;
import org.apache.flink.streaming.api.connector.sink2.SupportsPreCommitTopology;
import org.apache.flink.streaming.api.connector.sink2.SupportsPreWriteTopology;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.OutputTag;
import org.apache.iceberg.flink.sink.WriteResultSerializer;
import org.apache.iceberg.io.WriteResult;

/**
 * The exactly-once Flink sink into a collection's WAL. Ops are routed by shard so that all ops of
 * one primary key pass through one writer in order; writers stage WAL files (validated, auto-ids
 * assigned) and hand them on at each checkpoint; one aggregator collects a checkpoint's files into
 * one committable; the committer appends it as one Iceberg commit once the checkpoint completes,
 * skipping checkpoints that the table's snapshot summaries show as committed already.
 *
 * <p>Build it with {@link #builder()}.
 */
public final class VectorlakeSink<IN>
    implements Sink<IN>,
        SupportsPreWriteTopology<IN>,
        SupportsCommitter<VectorlakeCommittable>,
        SupportsPreCommitTopology<WriteResult, VectorlakeCommittable> {

  /** Where {@link #validRows} sends rows that break the collection schema. */
  public static final OutputTag<RejectedRow> REJECTED_ROWS =
      new OutputTag<>("vectorlake-rejected-rows", TypeInformation.of(RejectedRow.class));

  private final HashMap<String, String> warehouse;
  private final String collection;
  private final String schemaJson;
  private final VectorlakeRecordConverter<IN> converter;
  private final int batchRows;
  private final boolean upsertInserts;
  private final String partition;
  private final String uidSuffix;

  VectorlakeSink(
      Map<String, String> warehouse,
      String collection,
      CollectionSchema schema,
      VectorlakeRecordConverter<IN> converter,
      int batchRows,
      boolean upsertInserts,
      String partition,
      String uidSuffix) {
    this.warehouse = new HashMap<>(warehouse);
    this.collection = collection;
    this.schemaJson = SchemaJson.toJson(schema);
    this.converter = converter;
    this.batchRows = batchRows;
    this.upsertInserts = upsertInserts;
    this.partition = partition;
    this.uidSuffix = uidSuffix;
  }

  /** A builder for a sink of {@link VectorlakeRecord}s; switch the input type with its methods. */
  public static VectorlakeSinkBuilder<VectorlakeRecord> builder() {
    return VectorlakeSinkBuilder.forRecords();
  }

  /** The collection this sink writes, as {@code db.name}. */
  public String collection() {
    return collection;
  }

  /** The name of the collection's primary key field. */
  public String primaryKeyField() {
    return SchemaJson.fromJson(schemaJson).primaryKey().name();
  }

  /**
   * The rows of {@code input} that fit the collection schema; the others go to the side output
   * {@link #REJECTED_ROWS} with their key and the reason, instead of failing the job at the writer.
   */
  public SingleOutputStreamOperator<IN> validRows(DataStream<IN> input) {
    return input
        .process(new RowValidation<>(collection, schemaJson, converter, upsertInserts))
        .name("Vectorlake validation: " + collection)
        .returns(input.getType());
  }

  @Override
  public DataStream<IN> addPreWriteTopology(DataStream<IN> input) {
    return input.partitionCustom(
        new ShardPartitioner(), new ShardSelector<>(schemaJson, converter));
  }

  @Override
  public SinkWriter<IN> createWriter(WriterInitContext context) throws IOException {
    return new VectorlakeSinkWriter<>(
        warehouse, collection, converter, batchRows, upsertInserts, partition,
        context.metricGroup());
  }

  @Override
  public DataStream<CommittableMessage<VectorlakeCommittable>> addPreCommitTopology(
      DataStream<CommittableMessage<WriteResult>> writeResults) {
    // Every write result goes to one aggregator, and its committable to committer subtask 0, so
    // a checkpoint is one Iceberg commit (as Iceberg's own IcebergSink does).
    SingleOutputStreamOperator<CommittableMessage<VectorlakeCommittable>> aggregated = writeResults
        .global()
        .transform(
            "Vectorlake aggregator: " + collection,
            CommittableMessageTypeInfo.of(VectorlakeCommittableSerializer::new),
            new VectorlakeWriteAggregator(warehouse, collection));
    if (uidSuffix != null) {
      // Flink then requires a uid on the sink too (VectorlakeSinkBuilder.append sets both); without
      // one the operator id comes from the job graph, stable while the graph is unchanged.
      aggregated.uid("vectorlake-aggregator-" + uidSuffix);
    }
    return aggregated.setParallelism(1).setMaxParallelism(1).global();
  }

  @Override
  public SimpleVersionedSerializer<WriteResult> getWriteResultSerializer() {
    return new WriteResultSerializer();
  }

  @Override
  public Committer<VectorlakeCommittable> createCommitter(CommitterInitContext context) {
    return new VectorlakeCommitter(warehouse, collection, context.metricGroup());
  }

  @Override
  public SimpleVersionedSerializer<VectorlakeCommittable> getCommittableSerializer() {
    return new VectorlakeCommittableSerializer();
  }
}
