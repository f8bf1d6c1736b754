package io.vectorlake.serving.search;

import io.milvus.grpc.IDs;
import io.milvus.grpc.LongArray;
import io.milvus.grpc.SearchResultData;
import io.milvus.grpc.StringArray;
import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.Row;
import io.vectorlake.serving.load.CollectionSnapshot;
import io.vectorlake.serving.query.FieldDataEncoder;
import io.vectorlake.serving.query.OutputFields;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

/**
 * Runs a checked search over a snapshot: every segment searched (in parallel chunks), the
 * per-segment candidates merged into one top-k per query, and the result laid out as Milvus'
 * {@link SearchResultData}: flattened ids and scores, {@code topks} per query, output columns.
 */
public final class SearchExecutor {
  private final ForkJoinPool pool;

  public SearchExecutor(ForkJoinPool pool) {
    this.pool = pool;
  }

  public SearchResultData search(CollectionSnapshot snapshot, SearchPlan plan,
      RowSelection selection, OutputFields output) {
    VectorSearch search = plan.search();
    List<SegmentSearcher> segments = snapshot.segments();
    TopK[] merged = new TopK[search.nq()];
    for (int q = 0; q < merged.length; q++) {
      merged[q] = new TopK(search.k());
    }
    for (int s = 0; s < segments.size(); s++) {
      SegmentSearcher segment = segments.get(s);
      BitSet accepted = selection.accepted(segment);
      TopK[] partial = segment.search(search, accepted, s, pool);
      for (int q = 0; q < merged.length; q++) {
        merged[q].addAll(partial[q]);
      }
    }
    CollectionSchema schema = snapshot.schema();
    boolean stringKeys = schema.primaryKey().type() == DataType.VARCHAR;
    LongArray.Builder longIds = LongArray.newBuilder();
    StringArray.Builder stringIds = StringArray.newBuilder();
    SearchResultData.Builder result = SearchResultData.newBuilder()
        .setNumQueries(search.nq())
        .setTopK(plan.topK())
        .setPrimaryFieldName(schema.primaryKey().name());
    List<Row> rows = new ArrayList<>();
    for (TopK top : merged) {
      float[] ranked = new float[top.size()];
      long[] refs = top.sorted(ranked);
      int kept = 0;
      for (int i = plan.offset(); i < refs.length && kept < plan.topK(); i++, kept++) {
        var row = segments.get(TopK.segment(refs[i])).row(TopK.ordinal(refs[i]));
        float score = ScoreConvention.fromRanked(search.metric(), ranked[i]);
        result.addScores(SearchPlan.round(score, plan.roundDecimal()));
        if (stringKeys) {
          stringIds.addData((String) row.primaryKey());
        } else {
          longIds.addData((Long) row.primaryKey());
        }
        rows.add(row.row());
      }
      result.addTopks(kept);
    }
    result.setIds(stringKeys ? IDs.newBuilder().setStrId(stringIds).build()
        : IDs.newBuilder().setIntId(longIds).build());
    if (!output.fields().isEmpty() || output.hasDynamic()) {
      result.addAllFieldsData(FieldDataEncoder.encode(output, rows));
      output.fields().forEach(f -> result.addOutputFields(f.name()));
      // Listing the dynamic keys present lets SDKs put each one in the hit's entity by name.
      result.addAllOutputFields(FieldDataEncoder.dynamicKeysPresent(output, rows));
    }
    return result.build();
  }
}
