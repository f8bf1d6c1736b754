package io.vectorlake.serving.load;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The local Hadoop file system with an object store's latency on every read of table metadata
 * ({@code version-hint.text}, {@code *.metadata.json}): a refresh then costs what it costs on S3,
 * a few round trips of several milliseconds, instead of a fraction of a millisecond.
 */
public final class SlowMetadataFileSystem extends LocalFileSystem {
  static final long LATENCY_MILLIS = 8;

  /** Warehouse properties (besides {@code warehouse}) that make metadata reads slow. */
  static Map<String, String> warehouseProperties() {
    Map<String, String> props = new HashMap<>();
    props.put("hadoop.fs.file.impl", SlowMetadataFileSystem.class.getName());
    props.put("hadoop.fs.file.impl.disable.cache", "true");
    return props;
  }

  @Override
  public FSDataInputStream open(Path path, int bufferSize) throws IOException {
    String name = path.getName();
    if (name.equals("version-hint.text") || name.endsWith(".metadata.json")) {
      try {
        Thread.sleep(LATENCY_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
    return super.open(path, bufferSize);
  }
}
