package io.vectorlake.examples.soak;

import io.vectorlake.catalog.warehouse.CollectionId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one soak run uses: the checkout ({@code home}, for bin/vectorlake), a work directory for
 * logs, checkpoints and the catalog properties file children read, and the run's parameters.
 *
 * @param catalog the Iceberg catalog properties (the warehouse and, for S3, the JDBC catalog)
 * @param flinkRate the Flink writer's ops per second
 * @param cleanupGrace the grace period the cleanup job gets (short, so it runs concurrently)
 */
record SoakSettings(Path home, Path workDir, Map<String, String> catalog, Path catalogFile,
    CollectionId collection, long seed, Duration duration, double flinkRate,
    long cleanupGraceMinutes) {

  /** The warehouse options every child command takes. */
  List<String> warehouseArgs() {
    List<String> args = new ArrayList<>();
    args.add("--warehouse");
    args.add(catalog.get("warehouse"));
    args.add("--conf-file");
    args.add(catalogFile.toString());
    return args;
  }

  /** Fails, saying what to run, unless every module the soak starts children of is packaged. */
  void checkBuilt() {
    for (String module : List.of("serving", "index-builder", "examples/soak")) {
      Path lib = home.resolve(module).resolve("target/lib");
      if (!java.nio.file.Files.isDirectory(lib)) {
        throw new IllegalStateException(module + " is not packaged (" + lib + " is missing): run"
            + " mvn -B -DskipTests -pl examples/soak -am package in " + home);
      }
    }
  }

  /** The Flink writer's total ops: what it emits at its rate in 70% of the run. */
  long flinkOps() {
    return Math.max(100, (long) (flinkRate * duration.toSeconds() * 0.7));
  }
}
