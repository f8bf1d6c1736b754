package io.vectorlake.serving.query;

import io.milvus.grpc.FieldData;
import io.milvus.grpc.KeyValuePair;
import io.milvus.grpc.LongArray;
import io.milvus.grpc.QueryResults;
import io.milvus.grpc.ScalarField;
import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.Row;
import io.vectorlake.serving.load.CollectionSnapshot;
import io.vectorlake.serving.rpc.ServingException;
import io.vectorlake.serving.search.RowSelection;
import io.vectorlake.serving.search.SegmentSearcher;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * Answers Query: the rows of a snapshot that the selection accepts, ordered by primary key, cut by
 * offset and limit, as result columns; or their number for {@code count(*)}.
 */
public final class QueryExecutor {
  public static final String COUNT = "count(*)";
  public static final int MAX_LIMIT = 16_384;

  private QueryExecutor() {}

  public static boolean isCount(List<String> outputFields) {
    return outputFields.stream().anyMatch(f -> f.trim().equalsIgnoreCase(COUNT));
  }

  public static QueryResults count(String collection, CollectionSnapshot snapshot,
      RowSelection selection) {
    long count = 0;
    for (SegmentSearcher segment : snapshot.segments()) {
      BitSet accepted = selection.accepted(segment);
      count += accepted == null ? segment.rowCount() : accepted.cardinality();
    }
    return QueryResults.newBuilder()
        .setCollectionName(collection)
        .addOutputFields(COUNT)
        .addFieldsData(FieldData.newBuilder()
            .setFieldName(COUNT)
            .setType(io.milvus.grpc.DataType.Int64)
            .setScalars(ScalarField.newBuilder().setLongData(LongArray.newBuilder().addData(count))))
        .build();
  }

  public static QueryResults query(String collection, CollectionSnapshot snapshot,
      RowSelection selection, OutputFields output, List<KeyValuePair> params, boolean hasFilter) {
    long limit = longParam(params, "limit", -1);
    long offset = longParam(params, "offset", 0);
    if (!hasFilter && limit < 0) {
      throw ServingException.invalid("a query without a filter needs a limit; pass a limit or a"
          + " filter such as \"id >= 0\"");
    }
    if (offset < 0 || (limit >= 0 && (limit == 0 || limit + offset > MAX_LIMIT))) {
      throw ServingException.invalid("query limit must be in [1, " + MAX_LIMIT + "] with offset"
          + " >= 0 and limit + offset at most " + MAX_LIMIT + ", got limit " + limit
          + ", offset " + offset);
    }
    // Keys first, rows only for the page: a packed segment builds a row on each call.
    List<Match> matches = new ArrayList<>();
    List<SegmentSearcher> segments = snapshot.segments();
    for (int s = 0; s < segments.size(); s++) {
      SegmentSearcher segment = segments.get(s);
      BitSet accepted = selection.accepted(segment);
      for (int i = 0; i < segment.rowCount(); i++) {
        if (accepted == null || accepted.get(i)) {
          matches.add(new Match((Comparable<?>) segment.primaryKey(i), s, i));
        }
      }
    }
    matches.sort(Comparator.comparing(m -> (Comparable) m.key(), QueryExecutor::compareKeys));
    List<Row> rows = new ArrayList<>();
    long end = limit < 0 ? matches.size() : Math.min(matches.size(), offset + limit);
    for (long i = offset; i < end; i++) {
      Match m = matches.get((int) i);
      rows.add(segments.get(m.segment()).row(m.ordinal()).row());
    }
    return results(collection, snapshot.schema(), rows, output);
  }

  /** Milvus' query result layout of the given rows. */
  public static QueryResults results(String collection, CollectionSchema schema, List<Row> rows,
      OutputFields output) {
    QueryResults.Builder result = QueryResults.newBuilder()
        .setCollectionName(collection)
        .setPrimaryFieldName(schema.primaryKey().name())
        .addAllFieldsData(FieldDataEncoder.encode(output, rows));
    output.fields().forEach(f -> result.addOutputFields(f.name()));
    if (output.wholeDynamic()) {
      result.addOutputFields(CollectionSchema.DYNAMIC_FIELD);
    } else {
      result.addAllOutputFields(output.dynamicKeys());
    }
    return result.build();
  }

  /** A matching row, by its key and where it is. */
  private record Match(Comparable<?> key, int segment, int ordinal) {}

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compareKeys(Comparable a, Comparable b) {
    return a.compareTo(b);
  }

  private static long longParam(List<KeyValuePair> params, String key, long fallback) {
    for (KeyValuePair pair : params) {
      if (pair.getKey().equals(key)) {
        try {
          return Long.parseLong(pair.getValue().trim());
        } catch (NumberFormatException e) {
          throw ServingException.invalid("query param '" + key + "' must be an integer, got '"
              + pair.getValue() + "'");
        }
      }
    }
    return fallback;
  }
}
