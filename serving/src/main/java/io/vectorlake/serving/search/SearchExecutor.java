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
import java.util.concurrent.ForkJoinTask;

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
    List<List<Hit>> hits = hits(snapshot, plan, selection);
    List<List<Hit>> page = new ArrayList<>();
    for (List<Hit> query : hits) {
      page.add(query.subList(Math.min(plan.offset(), query.size()), query.size()));
    }
    return layout(snapshot.schema(), page, plan.topK(), plan.roundDecimal(), output);
  }

  /** The best {@code plan.search().k()} hits per query, best first (offset not applied). */
  public List<List<Hit>> hits(CollectionSnapshot snapshot, SearchPlan plan,
      RowSelection selection) {
    VectorSearch search = plan.search();
    List<SegmentSearcher> segments = snapshot.segments();
    TopK[] merged = new TopK[search.nq()];
    for (int q = 0; q < merged.length; q++) {
      merged[q] = new TopK(search.k());
    }
    // Segments are searched in parallel; each may split its own work further on the same pool.
    List<ForkJoinTask<TopK[]>> parts = new ArrayList<>(segments.size());
    for (int s = 0; s < segments.size(); s++) {
      SegmentSearcher segment = segments.get(s);
      BitSet accepted = selection.accepted(segment);
      int index = s;
      parts.add(pool.submit(() -> segment.search(search, accepted, index, pool)));
    }
    for (ForkJoinTask<TopK[]> part : parts) {
      TopK[] partial = part.join();
      for (int q = 0; q < merged.length; q++) {
        merged[q].addAll(partial[q]);
      }
    }
    List<List<Hit>> hits = new ArrayList<>(merged.length);
    for (TopK top : merged) {
      float[] ranked = new float[top.size()];
      long[] refs = top.sorted(ranked);
      List<Hit> query = new ArrayList<>(refs.length);
      for (int i = 0; i < refs.length; i++) {
        query.add(new Hit(segments.get(TopK.segment(refs[i])).row(TopK.ordinal(refs[i])),
            ScoreConvention.fromRanked(search.metric(), ranked[i])));
      }
      hits.add(query);
    }
    return hits;
  }

  /** Milvus' result layout of at most {@code topK} hits per query. */
  public static SearchResultData layout(CollectionSchema schema, List<List<Hit>> hits, int topK,
      int roundDecimal, OutputFields output) {
    boolean stringKeys = schema.primaryKey().type() == DataType.VARCHAR;
    LongArray.Builder longIds = LongArray.newBuilder();
    StringArray.Builder stringIds = StringArray.newBuilder();
    SearchResultData.Builder result = SearchResultData.newBuilder()
        .setNumQueries(hits.size())
        .setTopK(topK)
        .setPrimaryFieldName(schema.primaryKey().name());
    List<Row> rows = new ArrayList<>();
    for (List<Hit> query : hits) {
      int kept = Math.min(topK, query.size());
      for (Hit hit : query.subList(0, kept)) {
        result.addScores(SearchPlan.round(hit.score(), roundDecimal));
        if (stringKeys) {
          stringIds.addData((String) hit.row().primaryKey());
        } else {
          longIds.addData((Long) hit.row().primaryKey());
        }
        rows.add(hit.row().row());
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
