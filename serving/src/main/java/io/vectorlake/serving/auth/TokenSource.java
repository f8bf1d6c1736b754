package io.vectorlake.serving.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the server's {@code user:password} token comes from: {@code --token} (visible in
 * {@code ps}, so for trials only), a file named by {@code --token-file}, or the
 * {@value #ENVIRONMENT_VARIABLE} environment variable. At most one of them may be given.
 */
public final class TokenSource {
  public static final String ENVIRONMENT_VARIABLE = "VECTORLAKE_TOKEN";

  private TokenSource() {}

  /** The token, or null for no authentication. */
  public static String resolve(String flag, Path file, Map<String, String> environment) {
    String fromEnvironment = environment.get(ENVIRONMENT_VARIABLE);
    int given = (flag != null ? 1 : 0) + (file != null ? 1 : 0)
        + (fromEnvironment != null && !fromEnvironment.isEmpty() ? 1 : 0);
    if (given > 1) {
      throw new IllegalArgumentException("give the token one way only: --token, --token-file or"
          + " the " + ENVIRONMENT_VARIABLE + " environment variable");
    }
    String token = flag;
    String origin = "--token";
    if (file != null) {
      token = read(file);
      origin = "token file " + file;
    } else if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
      token = fromEnvironment;
      origin = ENVIRONMENT_VARIABLE;
    }
    if (token != null && !token.matches("[^:\\s]+:\\S+")) {
      // The token itself is never echoed: it is a password.
      throw new IllegalArgumentException("the token from " + origin
          + " must be user:password on one line");
    }
    return token;
  }

  private static String read(Path file) {
    try {
      // Editors and `echo` end the file with a newline; it is not part of the token.
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the token file " + file, e);
    }
  }
}
