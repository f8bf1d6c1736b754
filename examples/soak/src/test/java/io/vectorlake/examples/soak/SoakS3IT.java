package io.vectorlake.examples.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.warehouse.CollectionId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short seeded soak on S3, as {@code bin/vectorlake soak --s3} runs it: the in-process S3
 * server in this JVM, a JDBC catalog on SQLite in the work directory, and every child (the Flink
 * writer, the serving nodes, the Spark jobs) reaching both through its catalog properties file.
 * Ninety seconds, with faults, checked against the model as {@link SoakIT} is.
 */
class SoakS3IT {
  @Test
  @Timeout(value = 20, unit = TimeUnit.MINUTES)
  void shortSeededSoakOnS3EndsWithoutMismatch(@TempDir Path work) throws Exception {
    Path home = Path.of(System.getProperty("vectorlake.home", "../..")).toAbsolutePath().normalize();
    try (SoakS3 s3 = SoakS3.start(work)) {
      SoakSettings settings = new SoakSettings(home, work, s3.catalog(),
          work.resolve("catalog.properties"), CollectionId.parse("soak.collection"), SoakIT.SEED,
          Duration.ofSeconds(90), 20, 1);
      Soak soak = new Soak(settings, System.out);

      long mismatches = soak.run();

      assertEquals(0, mismatches, "the soak on S3 found mismatches (seed " + SoakIT.SEED
          + "); its table is in the output above");
      assertTrue(soak.stats().total("faults: ") > 0, "no fault was injected in the run");
      assertTrue(soak.stats().get("final checks") == 1, "the final checks did not run");
    }
  }
}
