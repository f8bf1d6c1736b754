package io.vectorlake.examples.soak;

import io.vectorlake.catalog.testing.InProcessS3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The warehouse of {@code soak --s3}: the in-process S3 server, run by the orchestrator for as
 * long as the soak, and a JDBC catalog on SQLite in the work directory. Every child reaches both
 * through the catalog properties file it is given with {@code --conf-file}.
 */
final class SoakS3 implements AutoCloseable {
  static final String BUCKET = "soak";

  private final InProcessS3 server;
  private final Map<String, String> catalog;

  private SoakS3(InProcessS3 server, Map<String, String> catalog) {
    this.server = server;
    this.catalog = catalog;
  }

  /**
   * Starts the server with an empty bucket and a fresh catalog at {@code <work-dir>/catalog.db}:
   * the server keeps objects in memory, so a previous run's catalog would point at nothing.
   */
  static SoakS3 start(Path workDir) throws Exception {
    Path db = Files.createDirectories(workDir).resolve("catalog.db");
    Files.deleteIfExists(db);
    InProcessS3 server = InProcessS3.start();
    try {
      server.createBucket(BUCKET);
      return new SoakS3(server, Map.copyOf(server.jdbcWarehouseProperties(db, BUCKET, "warehouse")));
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** The catalog properties: JDBC on SQLite, S3FileIO to this server, s3://soak/warehouse. */
  Map<String, String> catalog() {
    return catalog;
  }

  @Override
  public void close() throws Exception {
    server.close();
  }
}
