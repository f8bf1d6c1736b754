package io.vectorlake.examples.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.warehouse.CollectionId;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job loop when a Spark job child fails by itself. Reproduces an earlier soak that went on
 * for its whole duration after a child had failed (counting one more failure at every turn): the
 * loop must stop at once and the failure's cause must be in the report.
 */
class JobLoopTest {
  @Test
  void jobThatFailsByItselfStopsTheLoopAtOnce(@TempDir Path home) throws Exception {
    // A launcher whose every command fails as a child JVM does: an exception, a non-zero exit.
    Path launcher = Files.createDirectories(home.resolve("bin")).resolve("vectorlake");
    Files.writeString(launcher, "#!/bin/sh\n"
        + "echo \"Exception in thread main java.lang.IllegalStateException: $1 cannot start\"\n"
        + "exit 3\n");
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path work = Files.createDirectories(home.resolve("work"));
    SoakSettings settings = new SoakSettings(home, work, Map.of("warehouse", work.toString()),
        work.resolve("catalog.properties"), CollectionId.parse("soak.collection"), 1,
        Duration.ofMinutes(3), 20, 1);
    SoakStats stats = new SoakStats();
    SoakAbort abort = new SoakAbort(stats);

    assertTimeoutPreemptively(Duration.ofSeconds(30),
        () -> new JobLoop(settings, stats, abort, () -> true).run(),
        "the job loop went on after a job failed");

    assertTrue(abort.aborted(), "the failed job did not abort the run");
    assertEquals(1, stats.mismatches(), "one failure, reported once");
    ByteArrayOutputStream table = new ByteArrayOutputStream();
    stats.print(new PrintStream(table, true, StandardCharsets.UTF_8), "soak");
    String report = table.toString(StandardCharsets.UTF_8);
    assertTrue(report.contains("build cannot start"), "the report does not say why: " + report);
  }
}
