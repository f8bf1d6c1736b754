package io.vectorlake.examples.soak;

import io.vectorlake.catalog.warehouse.Collection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * The orchestrator's handle on the Flink writer child ({@link FlinkSoakJob}): starts it, kills it
 * with SIGKILL and restores it from its latest retained checkpoint, stops it with a savepoint and
 * restores from that, and says how many of its ops are acknowledged.
 */
final class FlinkWriter implements AutoCloseable {
  private static final String JAVA_OPTS = "-Xmx768m";
  // The sink's committer records these in each WAL commit's snapshot summary.
  private static final String JOB_ID = "flink.job-id";
  private static final String CHECKPOINT_ID = "flink.max-committed-checkpoint-id";

  private final SoakSettings settings;
  private final Path workDir;
  private Child process;
  private int starts;
  /** The checkpoint or savepoint the running child was restored from, or null. */
  private String restoredFrom;

  FlinkWriter(SoakSettings settings) throws IOException {
    this.settings = settings;
    Path dir = settings.workDir().resolve("flink");
    if (Files.exists(dir)) { // a previous run's checkpoints must never be restored into this one
      try (Stream<Path> old = Files.walk(dir)) {
        for (Path p : old.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    this.workDir = Files.createDirectories(dir);
  }

  synchronized void start(String restorePath) throws IOException {
    List<String> args = new ArrayList<>(List.of("soak-flink-writer"));
    args.addAll(settings.warehouseArgs());
    args.addAll(List.of("--collection", settings.collection().toString(),
        "--seed", Long.toString(settings.seed()), "--ops", Long.toString(settings.flinkOps()),
        "--rate", Double.toString(settings.flinkRate()), "--work-dir", workDir.toString()));
    if (restorePath != null) {
      args.addAll(List.of("--restore", restorePath));
    }
    process = Child.start(settings, "flink-" + starts++, JAVA_OPTS, args);
    restoredFrom = restorePath;
  }

  /**
   * SIGKILL, then a new child from the newest restore point: the latest retained checkpoint, or
   * the checkpoint or savepoint the killed child was itself restored from when it completed none
   * since (a job that stopped with a savepoint leaves no retained checkpoint behind). Only a job
   * that never completed a checkpoint starts afresh: nothing of it was committed.
   */
  synchronized String killAndRestore() throws IOException, InterruptedException {
    process.kill();
    String point = newest(hasCheckpoint() ? latestCheckpoint() : null, restoredFrom);
    start(point);
    return point == null ? "the start (no checkpoint had completed)" : point;
  }

  /** Of two restore points (URIs of Flink checkpoint or savepoint folders), the newer one. */
  private static String newest(String a, String b) throws IOException {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    return written(a) >= written(b) ? a : b;
  }

  private static long written(String restorePoint) throws IOException {
    Path metadata = Path.of(java.net.URI.create(restorePoint)).resolve("_metadata");
    return Files.getLastModifiedTime(metadata).toMillis();
  }

  /**
   * Stop-with-savepoint, then a new child from the savepoint. Waits up to 5 minutes: a child
   * restored just before may still be starting its JVM, and it retries while its tasks start.
   */
  synchronized String stopWithSavepointAndRestore() throws IOException, InterruptedException {
    Path savepointFile = workDir.resolve(FlinkSoakJob.SAVEPOINT);
    Files.deleteIfExists(savepointFile);
    Files.writeString(workDir.resolve(FlinkSoakJob.STOP), "stop");
    Integer exit = process.waitFor(300);
    if (exit == null || exit != 0 || !Files.exists(savepointFile)) {
      throw new IllegalStateException("the Flink writer did not stop with a savepoint (exit "
          + exit + "); see " + process.description());
    }
    String savepoint = Files.readString(savepointFile, StandardCharsets.UTF_8).trim();
    start(savepoint);
    return savepoint;
  }

  /** Whether the job has ended by itself; throws if it failed. */
  synchronized boolean finished() throws InterruptedException {
    Integer exit = process.waitFor(0);
    if (exit != null && exit != 0) {
      throw new IllegalStateException("the Flink writer failed with exit code " + exit + "; see "
          + process.description());
    }
    return exit != null;
  }

  private boolean hasCheckpoint() throws IOException {
    try {
      latestCheckpoint();
      return true;
    } catch (IllegalStateException none) {
      return false;
    }
  }

  /** The newest retained checkpoint (the highest id with its metadata written), as a URI. */
  String latestCheckpoint() throws IOException {
    Path root = workDir.resolve(FlinkSoakJob.CHECKPOINTS);
    if (!Files.isDirectory(root)) {
      throw new IllegalStateException("the Flink writer has retained no checkpoint yet");
    }
    Path best = null;
    long bestId = -1;
    try (Stream<Path> jobs = Files.list(root)) {
      for (Path job : jobs.toList()) {
        try (Stream<Path> checkpoints = Files.list(job)) {
          for (Path chk : checkpoints.toList()) {
            String name = chk.getFileName().toString();
            if (name.startsWith("chk-") && Files.exists(chk.resolve("_metadata"))) {
              long id = Long.parseLong(name.substring(4));
              if (id > bestId) {
                bestId = id;
                best = chk;
              }
            }
          }
        }
      }
    }
    if (best == null) {
      throw new IllegalStateException("the Flink writer has retained no checkpoint yet");
    }
    return best.toUri().toString();
  }

  /**
   * How many of the writer's ops are acknowledged: those before the barrier of the newest
   * checkpoint the WAL shows committed (ops {@code 0..k-1}). Reads the table fresh.
   */
  long acknowledgedOps(Collection collection) {
    Table wal = collection.walTable();
    wal.refresh();
    for (Snapshot s = wal.currentSnapshot(); s != null;
        s = s.parentId() == null ? null : wal.snapshot(s.parentId())) {
      String job = s.summary().get(JOB_ID);
      if (job != null) {
        String checkpoint = s.summary().get(CHECKPOINT_ID);
        Long k = progress().get(job + " " + checkpoint);
        if (k == null) {
          throw new IllegalStateException("the WAL holds checkpoint " + checkpoint + " of job " + job
              + " which the writer never reported");
        }
        return k;
      }
    }
    return 0;
  }

  /** "jobId checkpointId" to the number of ops before that checkpoint's barrier. */
  private Map<String, Long> progress() {
    Map<String, Long> lines = new HashMap<>();
    Path file = workDir.resolve(FlinkSoakJob.PROGRESS);
    try {
      if (Files.exists(file)) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          String[] parts = line.trim().split(" ");
          if (parts.length == 3) {
            lines.put(parts[0] + " " + parts[1], Long.parseLong(parts[2]));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return lines;
  }

  @Override
  public synchronized void close() throws InterruptedException {
    if (process != null) {
      process.kill();
    }
  }
}
