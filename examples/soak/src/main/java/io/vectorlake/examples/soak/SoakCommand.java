package io.vectorlake.examples.soak;

import io.vectorlake.catalog.warehouse.CollectionId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/vectorlake soak}: every tier at once with faults, checked against a model. */
@Command(name = "soak", mixinStandardHelpOptions = true,
    description = "Run Flink, SDK writes, Spark jobs and two serving nodes at once with faults,"
        + " check every Strong read against a model, print a table; exit 1 on any mismatch.")
public final class SoakCommand implements Callable<Integer> {
  @Option(names = "--minutes", defaultValue = "3", description = "Default: ${DEFAULT-VALUE}.")
  double minutes;

  @Option(names = "--seed", defaultValue = "1", description = "Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--warehouse", paramLabel = "DIR",
      description = "Local warehouse directory. Default: <work-dir>/warehouse.")
  Path warehouse;

  @Option(names = "--s3", description = "Run on the in-process S3 server (started here) with a"
      + " JDBC catalog on SQLite at <work-dir>/catalog.db, instead of a local warehouse.")
  boolean s3;

  @Option(names = "--work-dir", defaultValue = "soak-work",
      description = "Logs, checkpoints, catalog file. Default: ${DEFAULT-VALUE}.")
  Path workDir;

  @Option(names = "--flink-rate", defaultValue = "20",
      description = "Flink writer ops per second. Default: ${DEFAULT-VALUE}.")
  double flinkRate;

  @Option(names = "--cleanup-grace-minutes", defaultValue = "1",
      description = "Grace period of the cleanup job. Default: ${DEFAULT-VALUE}.")
  long cleanupGraceMinutes;

  public static void main(String[] args) {
    System.exit(new CommandLine(new SoakCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (s3 && warehouse != null) {
      System.err.println("soak: --s3 runs on its own in-process S3 warehouse; drop --warehouse");
      return 2;
    }
    Path work = workDir.toAbsolutePath().normalize();
    if (s3) {
      try (SoakS3 server = SoakS3.start(work)) {
        return run(work, server.catalog());
      }
    }
    Path dir = (warehouse != null ? warehouse : work.resolve("warehouse")).toAbsolutePath().normalize();
    return run(work, Map.of("warehouse", dir.toString()));
  }

  private int run(Path work, Map<String, String> catalog) throws Exception {
    SoakSettings settings = new SoakSettings(home(), work, catalog,
        work.resolve("catalog.properties"), CollectionId.parse("soak.collection"), seed,
        Duration.ofSeconds(Math.round(minutes * 60)), flinkRate, cleanupGraceMinutes);
    return new Soak(settings, System.out).run() == 0 ? 0 : 1;
  }

  static Path home() {
    return Path.of(System.getProperty("vectorlake.home", ".")).toAbsolutePath().normalize();
  }
}
