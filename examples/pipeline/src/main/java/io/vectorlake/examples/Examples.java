package io.vectorlake.examples;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the examples find the shared vector sets. */
final class Examples {
  private Examples() {}

  /**
   * A set under {@code shared/data}: {@code -Dvectorlake.data} if given, else {@code ../shared/data}
   * beside the Vectorlake checkout ({@code -Dvectorlake.home}, set by bin/vectorlake), else beside
   * the working directory.
   */
  static Path sharedData(String name) {
    String explicit = System.getProperty("vectorlake.data");
    if (explicit != null) {
      return Path.of(explicit).resolve(name);
    }
    Path home = Path.of(System.getProperty("vectorlake.home", "."));
    Path candidate = home.resolve("../shared/data").resolve(name).normalize();
    if (!Files.isDirectory(candidate)) {
      throw new IllegalArgumentException(
          "no vector set at " + candidate + "; pass --data DIR or -Dvectorlake.data=DIR");
    }
    return candidate;
  }
}
