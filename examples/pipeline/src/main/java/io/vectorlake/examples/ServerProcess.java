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

/**
 * The serving tier as a child process ({@code bin/vectorlake serve}) on a free loopback port,
 * its output echoed indented; closing it sends SIGTERM, which the server answers with a clean stop.
 */
public final class ServerProcess implements AutoCloseable {
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
