package io.vectorlake.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The serving tier as a child process ({@code bin/vectorlake serve}) on a free loopback port,
 * its output echoed indented; closing it sends SIGTERM, which the server answers with a clean stop.
 */
public final class ServerProcess implements AutoCloseable {
  private static final Pattern HEAP_USED = Pattern.compile("heap[^\\n]*? used (\\d+)K");
  private final Process process;
  private final int port;

  private ServerProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts the server and waits (up to 5 minutes, the first run builds it) until it listens. */
  public static ServerProcess start(Path home, PrintStream out, String warehouse) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<String> command = new ArrayList<>(List.of(home.resolve("bin/vectorlake").toString(),
        "serve", "--warehouse", warehouse, "--port", Integer.toString(port)));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    Thread echo = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = lines.readLine()) != null; ) {
          out.println("      | " + line);
        }
      } catch (IOException e) {
        // the process ended
      }
    }, "serve-output");
    echo.setDaemon(true);
    echo.start();
    long deadline = System.currentTimeMillis() + 300_000;
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("bin/vectorlake serve exited with code " + process.exitValue());
      }
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return new ServerProcess(process, port);
      } catch (IOException notYet) {
        if (System.currentTimeMillis() > deadline) {
          process.destroyForcibly();
          throw new IllegalStateException("the server did not listen on port " + port + " in time");
        }
        Thread.sleep(250);
      }
    }
  }

  /**
   * The server's used Java heap in bytes right after a full collection ({@code jcmd GC.run}, then
   * {@code GC.heap_info}, with the jcmd of the JDK the server runs on), or -1 where it cannot be
   * read: what its loaded state holds, without the garbage of the requests before.
   */
  public long heapUsedAfterFullGc() {
    try {
      String java = process.info().command().orElse(null);
      if (java == null) {
        return -1;
      }
      String jcmd = Path.of(java).resolveSibling("jcmd").toString();
      run(jcmd, Long.toString(process.pid()), "GC.run");
      Matcher used = HEAP_USED.matcher(run(jcmd, Long.toString(process.pid()), "GC.heap_info"));
      return used.find() ? Long.parseLong(used.group(1)) * 1024 : -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output);
    }
    return output;
  }

  /** The server process's resident memory in bytes (Linux), or -1 where it cannot be read. */
  public long residentBytes() {
    try {
      for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or the process ended
    }
    return -1;
  }

  public String uri() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy(); // SIGTERM: the server stops accepting, finishes in-flight calls, exits
    if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
