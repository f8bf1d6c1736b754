package io.vectorlake.examples.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code bin/vectorlake} command run as a child JVM on its own module's classpath, its output
 * appended to a log file in the soak's directory (the soak prints only its own progress). The
 * launcher execs the JVM, so killing this process kills the JVM itself.
 */
final class Child implements AutoCloseable {
  private static final int CAUSE_LINES = 3;

  private final Process process;
  private final String description;
  private final Path logFile;

  private Child(Process process, String description, Path logFile) {
    this.process = process;
    this.description = description;
    this.logFile = logFile;
  }

  static Child start(SoakSettings settings, String log, String javaOpts, List<String> args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(settings.home().resolve("bin/vectorlake").toString());
    command.addAll(args);
    Path logFile = settings.workDir().resolve(log + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    // Each child its own temporary directory (native libraries such as SQLite's are unpacked
    // there, S3 uploads staged): children killed mid-way leave their files to their own folder.
    Path tmp = Files.createDirectories(settings.workDir().resolve("tmp").resolve(log));
    builder.environment().put("VECTORLAKE_JAVA_OPTS", javaOpts + " -Djava.io.tmpdir=" + tmp);
    // Built before the soak starts (SoakSettings.checkBuilt); children must not rebuild at once.
    builder.environment().put("VECTORLAKE_SKIP_BUILD", "1");
    return new Child(builder.start(), String.join(" ", args.subList(0, 1)) + " (log " + logFile + ")",
        logFile);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Waits up to {@code seconds}; the exit code, or null if it still runs. */
  Integer waitFor(long seconds) throws InterruptedException {
    return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : null;
  }

  /** SIGKILL: no shutdown hook, no clean stop, as when a machine dies. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(60, TimeUnit.SECONDS);
  }

  /**
   * What the child is, its log, and the last exception lines of its log: the cause of a failure
   * goes into the soak's report, which outlives a test's temporary work directory.
   */
  String description() {
    java.util.ArrayDeque<String> cause = new java.util.ArrayDeque<>();
    try {
      for (String line : Files.readAllLines(logFile, StandardCharsets.UTF_8)) {
        if (line.contains("Exception") || line.contains("Error:")) {
          cause.addLast(line.strip());
          if (cause.size() > CAUSE_LINES) {
            cause.removeFirst();
          }
        }
      }
    } catch (IOException unreadable) {
      return description;
    }
    return cause.isEmpty() ? description : description + "; " + String.join(" / ", cause);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
