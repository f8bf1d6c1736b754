package io.vectorlake.catalog.wal;

import java.util.concurrent.atomic.LongAdder;
import org.apache.iceberg.hadoop.HadoopFileIO;
import org.apache.iceberg.io.InputFile;

/**
 * Hadoop's FileIO, counting how often a manifest (an Avro file under {@code metadata/} that is
 * not a snapshot's manifest list) is opened: the cost of planning a read grows with that count.
 * Iceberg builds FileIOs from a class name ({@code io-impl}), hence the static counter.
 */
public final class ManifestCountingFileIO extends HadoopFileIO {
  private static final LongAdder MANIFESTS_OPENED = new LongAdder();

  /** Manifests opened since the JVM started, by any table of a warehouse using this FileIO. */
  static long manifestsOpened() {
    return MANIFESTS_OPENED.sum();
  }

  @Override
  public InputFile newInputFile(String path) {
    count(path);
    return super.newInputFile(path);
  }

  @Override
  public InputFile newInputFile(String path, long length) {
    count(path);
    return super.newInputFile(path, length);
  }

  private static void count(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    if (path.contains("/metadata/") && name.endsWith(".avro") && !name.startsWith("snap-")) {
      MANIFESTS_OPENED.increment();
    }
  }
}
