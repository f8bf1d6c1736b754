package io.vectorlake.catalog.dataset;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads the classic ANN benchmark files: {@code .fvecs} (float vectors) and {@code .ivecs} (int
 * vectors, e.g. ground-truth ids), little-endian, each record an int32 dimension then its
 * components; plain or gzip-compressed ({@code .gz}).
 */
public final class VectorFiles {
  private VectorFiles() {}

  public static List<float[]> readFvecs(Path file) throws IOException {
    List<float[]> vectors = new ArrayList<>();
    try (DataInputStream in = open(file)) {
      ByteBuffer record;
      while ((record = nextRecord(in, file)) != null) {
        float[] v = new float[record.remaining() / Float.BYTES];
        record.asFloatBuffer().get(v);
        vectors.add(v);
      }
    }
    return vectors;
  }

  public static List<int[]> readIvecs(Path file) throws IOException {
    List<int[]> vectors = new ArrayList<>();
    try (DataInputStream in = open(file)) {
      ByteBuffer record;
      while ((record = nextRecord(in, file)) != null) {
        int[] v = new int[record.remaining() / Integer.BYTES];
        record.asIntBuffer().get(v);
        vectors.add(v);
      }
    }
    return vectors;
  }

  private static DataInputStream open(Path file) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    if (file.getFileName().toString().endsWith(".gz")) {
      raw = new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
    }
    return new DataInputStream(raw);
  }

  /** The next record's components (little-endian), or null at the end of the file. */
  private static ByteBuffer nextRecord(DataInputStream in, Path file) throws IOException {
    byte[] header = new byte[4];
    int first = in.read(header, 0, 4);
    if (first < 0) {
      return null;
    }
    if (first < 4) {
      in.readFully(header, first, 4 - first);
    }
    int dim = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getInt();
    if (dim <= 0 || dim > 1 << 20) {
      throw new IOException(file + ": bad record dimension " + dim + "; not a .fvecs/.ivecs file?");
    }
    byte[] body = new byte[dim * 4];
    try {
      in.readFully(body);
    } catch (EOFException e) {
      throw new IOException(file + ": truncated record of dimension " + dim, e);
    }
    return ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
  }
}
