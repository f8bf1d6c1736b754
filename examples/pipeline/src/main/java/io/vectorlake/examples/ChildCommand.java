package io.vectorlake.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@code bin/vectorlake} command as a child process, each tier in its own JVM and on its
 * own module's classpath as in production, echoing its output indented under the current step.
 */
public final class ChildCommand {
  private ChildCommand() {}

  public static void run(Path home, PrintStream out, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(home.resolve("bin/vectorlake").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = lines.readLine()) != null; ) {
        out.println("      | " + line);
      }
    }
    int exit = process.waitFor();
    if (exit != 0) {
      throw new IllegalStateException("bin/vectorlake " + String.join(" ", args) + " failed with exit code " + exit);
    }
  }

  static Path home() {
    return Path.of(System.getProperty("vectorlake.home", ".")).toAbsolutePath().normalize();
  }
}
