package io.vectorlake.serving.search;

import io.vectorlake.catalog.expr.ColumnBatch;
import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.Row;
import io.vectorlake.catalog.view.ResolvedRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Up to {@link GrowingSegment#CHUNK} consecutive growing rows, immutable: the rows, each vector
 * field packed into one contiguous {@code float[]} with the vectors' norms, and the scalar fields
 * as columns for filters. A full chunk is built once and shared by every later snapshot.
 */
final class GrowingChunk {
  final ResolvedRow[] rows;
  final Map<String, float[]> vectors = new HashMap<>();
  final Map<String, float[]> norms = new HashMap<>();
  final ColumnBatch columns;

  GrowingChunk(CollectionSchema schema, List<ResolvedRow> resolved) {
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
        System.arraycopy(rows[i].row().vector(field.name()), 0, packed, i * dim, dim);
        fieldNorms[i] = VectorKernels.norm(packed, i * dim, dim);
      }
      vectors.put(field.name(), packed);
      norms.put(field.name(), fieldNorms);
    }
  }

  int size() {
    return rows.length;
  }
}
