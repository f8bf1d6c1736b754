package io.vectorlake.catalog.wal;

import io.vectorlake.catalog.dataset.VectorFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;

/**
 * Measures the storage forms a WAL vector column could take, on real and on random vectors:
 * file size, write and read time through Iceberg's generic Parquet path. Prints figures; run with
 * its main on the catalog module's test classpath with the shared data folder as argument (a
 * benchmark, not a test).
 */
public final class VectorColumnFormatsBench {
  private static final int ROUNDS = 5;

  private record Format(
      String name, Schema schema, Map<String, String> props, Function<float[], Object> encode,
      Function<Record, float[]> decode) {}

  public static void main(String[] args) throws IOException {
    Path dir = Files.createTempDirectory("vector-formats");
    Map<String, List<float[]>> sets = new java.util.LinkedHashMap<>();
    Path data = Path.of(args.length > 0 ? args[0] : "../shared/data");
    sets.put("sift-5k (128-d, integer-valued)",
        VectorFiles.readFvecs(data.resolve("sift-5k-128-euclidean/base.fvecs.gz")));
    sets.put("random (128-d, like model embeddings)", random(5000, 128));
    System.out.printf("JDK %s, best of %d rounds%n", Runtime.version(), ROUNDS);
    for (Map.Entry<String, List<float[]>> set : sets.entrySet()) {
      int dim = set.getValue().get(0).length;
      System.out.println(set.getKey() + ":");
      for (Format format : formats(dim)) {
        long bytes = 0;
        long bestWrite = Long.MAX_VALUE;
        long bestRead = Long.MAX_VALUE;
        for (int round = 0; round < ROUNDS; round++) {
          Path file = dir.resolve(format.name().replaceAll("\\W", "_") + round + ".parquet");
          long start = System.nanoTime();
          write(file, format, set.getValue());
          long written = System.nanoTime();
          int n = read(file, format);
          long done = System.nanoTime();
          if (n != set.getValue().size()) {
            throw new IllegalStateException("read " + n + " rows");
          }
          bytes = Files.size(file);
          bestWrite = Math.min(bestWrite, written - start);
          bestRead = Math.min(bestRead, done - written);
        }
        System.out.printf("  %-28s %,11d bytes  write %5.0f ms  read %5.0f ms%n",
            format.name(), bytes, bestWrite / 1e6, bestRead / 1e6);
      }
    }
  }

  private static List<Format> formats(int dim) {
    Schema fixed = new Schema(Types.NestedField.required(1, "v", Types.FixedType.ofLength(dim * 4)));
    Schema list = new Schema(Types.NestedField.required(1, "v",
        Types.ListType.ofRequired(2, Types.FloatType.get())));
    Function<Record, float[]> fromFixed = r -> {
      Object value = r.getField("v");
      return value instanceof ByteBuffer b ? FloatVectors.fromBytes(b) : FloatVectors.fromBytes((byte[]) value);
    };
    return List.of(
        new Format("fixed(4 * dim)", fixed, Map.of(), FloatVectors::toBytes, fromFixed),
        new Format("list<float>", list, Map.of(), VectorColumnFormatsBench::boxed,
            r -> unboxed((List<?>) r.getField("v"))));
  }

  private static void write(Path file, Format format, List<float[]> vectors) throws IOException {
    Files.deleteIfExists(file);
    try (FileAppender<Record> appender =
        Parquet.write(org.apache.iceberg.Files.localOutput(file.toFile()))
            .schema(format.schema())
            .setAll(format.props())
            .createWriterFunc(GenericParquetWriter::create)
            .build()) {
      for (float[] v : vectors) {
        GenericRecord record = GenericRecord.create(format.schema());
        record.setField("v", format.encode().apply(v));
        appender.add(record);
      }
    }
  }

  private static int read(Path file, Format format) throws IOException {
    int n = 0;
    try (CloseableIterable<Record> records =
        Parquet.read(org.apache.iceberg.Files.localInput(file.toFile()))
            .project(format.schema())
            .createReaderFunc(fs -> GenericParquetReaders.buildReader(format.schema(), fs))
            .build()) {
      for (Record r : records) {
        n += format.decode().apply(r).length > 0 ? 1 : 0;
      }
    }
    return n;
  }

  private static List<float[]> random(int count, int dim) {
    Random random = new Random(42);
    List<float[]> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      float[] v = new float[dim];
      for (int j = 0; j < dim; j++) {
        v[j] = (float) random.nextGaussian();
      }
      out.add(v);
    }
    return out;
  }

  private static List<Float> boxed(float[] v) {
    List<Float> out = new ArrayList<>(v.length);
    for (float f : v) {
      out.add(f);
    }
    return out;
  }

  private static float[] unboxed(List<?> values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (Float) values.get(i);
    }
    return out;
  }
}
