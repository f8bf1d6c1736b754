package io.vectorlake.serving.search;

import io.vectorlake.catalog.expr.ColumnBatch;
import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.schema.Row;
import io.vectorlake.catalog.view.ResolvedRow;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * The rows resolved from the WAL tail, searched exactly. Each vector field's vectors are packed
 * into one contiguous {@code float[]} (row after row) with their norms beside, so a scan is a
 * primitive loop over one array; large scans split into chunks that run in parallel. Scalar
 * fields are kept as columns too, so filters evaluate column by column into a bitset.
 */
public final class GrowingSegment implements SegmentSearcher {
  /** Rows per parallel task: big enough to amortize a task, small enough to spread 2+ cores. */
  static final int CHUNK = 4096;

  private final ResolvedRow[] rows;
  private final Map<String, float[]> vectors = new HashMap<>();
  private final Map<String, float[]> norms = new HashMap<>();
  private final ColumnBatch columns;

  public GrowingSegment(CollectionSchema schema, List<ResolvedRow> resolved) {
    this.rows = resolved.toArray(new ResolvedRow[0]);
    List<Row> plain = new ArrayList<>(rows.length);
    for (ResolvedRow row : rows) {
      plain.add(row.row());
    }
    this.columns = ColumnBatch.of(schema, plain);
    for (FieldSchema field : schema.vectorFields()) {
      int dim = field.dim();
      float[] packed = new float[rows.length * dim];
      float[] fieldNorms = new float[rows.length];
      for (int i = 0; i < rows.length; i++) {
        float[] v = rows[i].row().vector(field.name());
        System.arraycopy(v, 0, packed, i * dim, dim);
        fieldNorms[i] = VectorKernels.norm(packed, i * dim, dim);
      }
      vectors.put(field.name(), packed);
      norms.put(field.name(), fieldNorms);
    }
  }

  @Override
  public int rowCount() {
    return rows.length;
  }

  @Override
  public ResolvedRow row(int ordinal) {
    return rows[ordinal];
  }

  @Override
  public ColumnBatch columns() {
    return columns;
  }

  @Override
  public TopK[] search(VectorSearch search, BitSet accepted, int segmentIndex, ForkJoinPool pool) {
    float[] data = vectors.get(search.field());
    float[] dataNorms = norms.get(search.field());
    int nq = search.nq();
    TopK[] result = new TopK[nq];
    int chunks = (rows.length + CHUNK - 1) / CHUNK;
    if (chunks <= 1 && nq <= 1 || pool == null) {
      for (int q = 0; q < nq; q++) {
        result[q] = new TopK(search.k());
        scan(search, q, data, dataNorms, accepted, 0, rows.length, segmentIndex, result[q]);
      }
      return result;
    }
    List<ForkJoinTask<TopK>> tasks = new ArrayList<>(nq * Math.max(1, chunks));
    for (int q = 0; q < nq; q++) {
      for (int c = 0; c < Math.max(1, chunks); c++) {
        int query = q;
        int from = c * CHUNK;
        int to = Math.min(rows.length, from + CHUNK);
        tasks.add(pool.submit(() -> {
          TopK part = new TopK(search.k());
          scan(search, query, data, dataNorms, accepted, from, to, segmentIndex, part);
          return part;
        }));
      }
    }
    int t = 0;
    for (int q = 0; q < nq; q++) {
      result[q] = new TopK(search.k());
      for (int c = 0; c < Math.max(1, chunks); c++) {
        result[q].addAll(tasks.get(t++).join());
      }
    }
    return result;
  }

  private void scan(VectorSearch search, int query, float[] data, float[] dataNorms,
      BitSet accepted, int from, int to, int segmentIndex, TopK out) {
    float[] q = search.queries()[query];
    int dim = q.length;
    MetricType metric = search.metric();
    float queryNorm = metric == MetricType.COSINE ? VectorKernels.norm(q, 0, dim) : 0;
    for (int i = from; i < to; i++) {
      if (accepted != null && !accepted.get(i)) {
        continue;
      }
      float ranked;
      switch (metric) {
        case L2 -> ranked = -VectorKernels.l2Squared(q, data, i * dim);
        case IP -> ranked = VectorKernels.dot(q, data, i * dim);
        default -> {
          float denominator = queryNorm * dataNorms[i];
          ranked = denominator == 0 ? 0 : VectorKernels.dot(q, data, i * dim) / denominator;
        }
      }
      if (ranked >= out.threshold()) {
        out.offer(ranked, TopK.ref(segmentIndex, i));
      }
    }
  }
}
