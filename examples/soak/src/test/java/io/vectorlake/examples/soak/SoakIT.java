package io.vectorlake.examples.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vectorlake.catalog.warehouse.CollectionId;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short seeded soak CI runs: three minutes of the Flink writer, SDK writes, the Spark jobs
 * and two sharded serving nodes at once, with the Flink job SIGKILLed and restored, stopped with a
 * savepoint and restored, builds SIGKILLed and serving nodes SIGKILLed and restarted; every Strong
 * read is checked against the model, then the whole collection and the WAL after a final build.
 * The children run from the packaged modules (the reactor packages serving and index-builder
 * before this module), as {@code bin/vectorlake soak} runs them.
 */
class SoakIT {
  static final long SEED = 20261202L;

  @Test
  @Timeout(value = 20, unit = TimeUnit.MINUTES)
  void shortSeededSoakEndsWithoutMismatch(@TempDir Path work) throws Exception {
    Path home = Path.of(System.getProperty("vectorlake.home", "../..")).toAbsolutePath().normalize();
    SoakSettings settings = new SoakSettings(home, work,
        Map.of("warehouse", work.resolve("warehouse").toString()),
        work.resolve("catalog.properties"), CollectionId.parse("soak.collection"), SEED,
        Duration.ofMinutes(3), 20, 1);
    ByteArrayOutputStream report = new ByteArrayOutputStream();
    long mismatches;
    try (PrintStream out = new PrintStream(new TeeStream(report, System.out), true,
        StandardCharsets.UTF_8)) {
      mismatches = new Soak(settings, out).run();
    }
    assertEquals(0, mismatches, "the soak found mismatches (seed " + SEED + "); its table:\n"
        + report.toString(StandardCharsets.UTF_8));
  }

  /** Prints to the console as it runs and keeps a copy for the failure message. */
  private static final class TeeStream extends java.io.OutputStream {
    private final java.io.OutputStream a;
    private final java.io.OutputStream b;

    TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int c) throws java.io.IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public void write(byte[] bytes, int off, int len) throws java.io.IOException {
      a.write(bytes, off, len);
      b.write(bytes, off, len);
    }

    @Override
    public void close() throws java.io.IOException {
      b.flush(); // System.out stays open
    }
  }
}
