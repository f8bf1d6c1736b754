package io.vectorlake.serving.search;

import io.vectorlake.catalog.expr.FilterBits;
import io.vectorlake.catalog.expr.FilterExpression;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.view.ResolvedRow;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * The rows resolved from the WAL tail, searched exactly: a list of immutable {@link GrowingChunk}s
 * (ordinal {@code o} is row {@code o % CHUNK} of chunk {@code o / CHUNK}) and the bitset of
 * ordinals still live (rows replaced by a later upsert, deleted, or in a dropped partition are
 * not). Chunks scan in parallel; each scan is a primitive loop over one packed array.
 */
public final class GrowingSegment implements SegmentSearcher {
  /** Rows per chunk and per parallel task: amortizes a task, still spreads over 2+ cores. */
  static final int CHUNK = 4096;

  private final List<GrowingChunk> chunks;
  private final int rowCount;
  private final BitSet live;
  private final int liveCount;

  GrowingSegment(List<GrowingChunk> chunks, BitSet live) {
    this.chunks = List.copyOf(chunks);
    int n = 0;
    for (GrowingChunk chunk : chunks) {
      n += chunk.size();
    }
    this.rowCount = n;
    this.live = live;
    this.liveCount = live.cardinality();
  }

  @Override
  public int rowCount() {
    return rowCount;
  }

  @Override
  public BitSet live() {
    return live;
  }

  @Override
  public long liveCount() {
    return liveCount;
  }

  @Override
  public ResolvedRow row(int ordinal) {
    return chunks.get(ordinal / CHUNK).rows[ordinal % CHUNK];
  }

  @Override
  public BitSet matching(FilterExpression expression) {
    BitSet out = new BitSet(rowCount);
    for (int c = 0; c < chunks.size(); c++) {
      FilterBits bits = expression.evaluate(chunks.get(c).columns);
      int base = c * CHUNK;
      for (int i = 0; i < bits.size(); i++) {
        if (bits.get(i)) {
          out.set(base + i);
        }
      }
    }
    return out;
  }

  @Override
  public TopK[] search(VectorSearch search, BitSet accepted, int segmentIndex, ForkJoinPool pool) {
    BitSet allowed = accepted == null ? live : accepted;
    int nq = search.nq();
    TopK[] result = new TopK[nq];
    if (pool == null || (chunks.size() <= 1 && nq <= 1)) {
      for (int q = 0; q < nq; q++) {
        result[q] = new TopK(search.k());
        for (int c = 0; c < chunks.size(); c++) {
          scan(search, q, c, allowed, segmentIndex, result[q]);
        }
      }
      return result;
    }
    List<ForkJoinTask<TopK>> tasks = new ArrayList<>(nq * chunks.size());
    for (int q = 0; q < nq; q++) {
      for (int c = 0; c < chunks.size(); c++) {
        int query = q;
        int chunk = c;
        tasks.add(pool.submit(() -> {
          TopK part = new TopK(search.k());
          scan(search, query, chunk, allowed, segmentIndex, part);
          return part;
        }));
      }
    }
    int t = 0;
    for (int q = 0; q < nq; q++) {
      result[q] = new TopK(search.k());
      for (int c = 0; c < chunks.size(); c++) {
        result[q].addAll(tasks.get(t++).join());
      }
    }
    return result;
  }

  private void scan(VectorSearch search, int query, int chunkIndex, BitSet allowed,
      int segmentIndex, TopK out) {
    GrowingChunk chunk = chunks.get(chunkIndex);
    float[] data = chunk.vectors.get(search.field());
    float[] dataNorms = chunk.norms.get(search.field());
    float[] q = search.queries()[query];
    int dim = q.length;
    int base = chunkIndex * CHUNK;
    MetricType metric = search.metric();
    float queryNorm = metric == MetricType.COSINE ? VectorKernels.norm(q, 0, dim) : 0;
    for (int i = 0; i < chunk.size(); i++) {
      if (!allowed.get(base + i)) {
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
        out.offer(ranked, TopK.ref(segmentIndex, base + i));
      }
    }
  }
}
