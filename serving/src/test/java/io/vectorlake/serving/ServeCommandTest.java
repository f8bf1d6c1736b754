package io.vectorlake.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What {@code vectorlake serve}'s options make of the server's configuration. */
class ServeCommandTest {

  private static ServerConfig config(String... args) {
    ServeCommand command = new ServeCommand();
    new CommandLine(command).parseArgs(args);
    return command.config(Map.of());
  }

  @Test
  void followIntervalIsOneSecondUnlessSet() {
    assertEquals(Duration.ofSeconds(1), config("--warehouse", "/tmp/w").followInterval());
    assertEquals(Duration.ofMillis(200),
        config("--warehouse", "/tmp/w", "--follow-interval", "PT0.2S").followInterval());
    assertEquals(Duration.ZERO,
        config("--warehouse", "/tmp/w", "--follow-interval", "PT0S").followInterval());
  }

  @Test
  void negativeFollowIntervalIsRefusedNamingTheOption() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> config("--warehouse", "/tmp/w", "--follow-interval", "PT-1S"));
    assertEquals("--follow-interval must be >= 0 (0: off), got PT-1S", e.getMessage());
  }
}
