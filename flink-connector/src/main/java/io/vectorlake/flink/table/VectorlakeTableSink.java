package io.vectorlake.flink.table;

import io.vectorlake.flink.VectorlakeSink;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.SinkV2Provider;
import org.apache.flink.table.data.RowData;

/**
 * The planner's view of a {@code vectorlake} table: with a PRIMARY KEY it takes an upsert
 * changelog ({@code +I}, {@code +U}, {@code -D}), without one inserts only.
 */
final class VectorlakeTableSink implements DynamicTableSink {
  private final VectorlakeSink<RowData> sink;
  private final boolean keyed;
  private final Integer parallelism;

  VectorlakeTableSink(VectorlakeSink<RowData> sink, boolean keyed, Integer parallelism) {
    this.sink = sink;
    this.keyed = keyed;
    this.parallelism = parallelism;
  }

  @Override
  public ChangelogMode getChangelogMode(ChangelogMode requested) {
    // Without a declared key, a -U/+U pair could move a row to another key; only an upsert
    // stream, whose +U replaces the row of its own key, maps onto WAL ops one to one.
    return keyed ? ChangelogMode.upsert() : ChangelogMode.insertOnly();
  }

  @Override
  public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
    return SinkV2Provider.of(sink, parallelism);
  }

  @Override
  public DynamicTableSink copy() {
    return new VectorlakeTableSink(sink, keyed, parallelism);
  }

  @Override
  public String asSummaryString() {
    return "Vectorlake(" + sink.collection() + ")";
  }
}
