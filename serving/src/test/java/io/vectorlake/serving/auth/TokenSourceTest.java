package io.vectorlake.serving.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token comes from exactly one of flag, file and environment, and is never echoed. */
class TokenSourceTest {
  private static final Map<String, String> ENV =
      Map.of(TokenSource.ENVIRONMENT_VARIABLE, "root:Env");

  @Test
  void eachSourceAlone(@TempDir Path dir) throws Exception {
    assertNull(TokenSource.resolve(null, null, Map.of()));
    assertEquals("root:Flag", TokenSource.resolve("root:Flag", null, Map.of()));
    assertEquals("root:Env", TokenSource.resolve(null, null, ENV));
    Path file = Files.writeString(dir.resolve("t"), "  root:File\r\n");
    assertEquals("root:File", TokenSource.resolve(null, file, Map.of()));
  }

  @Test
  void twoSourcesAreRefused(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("t"), "root:File");
    assertThrows(IllegalArgumentException.class, () -> TokenSource.resolve("root:F", null, ENV));
    assertThrows(IllegalArgumentException.class, () -> TokenSource.resolve(null, file, ENV));
  }

  @Test
  void malformedTokenIsRefusedWithoutEchoingIt(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("t"), "secretwithoutcolon\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TokenSource.resolve(null, file, Map.of()));
    assertTrue(e.getMessage().contains("must be user:password"), e.getMessage());
    assertFalse(e.getMessage().contains("secretwithoutcolon"), e.getMessage());
  }
}
