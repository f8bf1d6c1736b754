package io.vectorlake.serving.it;

import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The local Hadoop file system, counting every look at a file (status, open, listing) under a
 * name set in the warehouse's properties: a refresh of a loaded collection looks at its tables'
 * metadata even when nothing changed, so the count tells whether anything still refreshes.
 * Hadoop creates file systems from a class name, hence the counters live in a static map.
 */
public final class CountingFileSystem extends LocalFileSystem {
  private static final String NAME = "vectorlake.test.counter";
  private static final ConcurrentMap<String, LongAdder> COUNTERS = new ConcurrentHashMap<>();

  private LongAdder looks = new LongAdder();

  /** Warehouse properties (besides {@code warehouse}) that count under {@code name}. */
  static Map<String, String> warehouseProperties(String name) {
    Map<String, String> props = new HashMap<>();
    props.put("hadoop.fs.file.impl", CountingFileSystem.class.getName());
    // Hadoop caches one file system per scheme and user, whatever the configuration says.
    props.put("hadoop.fs.file.impl.disable.cache", "true");
    props.put("hadoop." + NAME, name);
    return props;
  }

  /** The looks counted so far under {@code name}. */
  static long looks(String name) {
    return COUNTERS.computeIfAbsent(name, key -> new LongAdder()).sum();
  }

  @Override
  public void initialize(URI name, Configuration conf) throws IOException {
    super.initialize(name, conf);
    looks = COUNTERS.computeIfAbsent(conf.get(NAME, ""), key -> new LongAdder());
  }

  @Override
  public FileStatus getFileStatus(Path path) throws IOException {
    looks.increment();
    return super.getFileStatus(path);
  }

  @Override
  public FSDataInputStream open(Path path, int bufferSize) throws IOException {
    looks.increment();
    return super.open(path, bufferSize);
  }

  @Override
  public FileStatus[] listStatus(Path path) throws IOException {
    looks.increment();
    return super.listStatus(path);
  }
}
