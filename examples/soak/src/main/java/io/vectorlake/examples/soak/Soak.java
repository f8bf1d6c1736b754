package io.vectorlake.examples.soak;

import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.io.PrintStream;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One soak run: every tier at once on one collection, with faults, checked against the model.
 * The Flink writer, the Spark jobs and two serving nodes (one shard each, peers of each other)
 * run as child JVMs; this JVM holds the model, the SDK writer and the reader threads. After the
 * run it stops the faults and writers, lets the Flink job drain, builds once more and checks the
 * whole collection, then the WAL.
 */
final class Soak {
  private static final int READERS = 2;

  private final SoakSettings settings;
  private final PrintStream out;
  private final SoakStats stats = new SoakStats();
  private final SoakAbort abort = new SoakAbort(stats);

  Soak(SoakSettings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
  }

  /** The run's counters and mismatches (for tests; the table is printed at the end). */
  SoakStats stats() {
    return stats;
  }

  /** Runs the soak; returns the number of mismatches (0 is a pass). */
  long run() throws Exception {
    settings.checkBuilt();
    writeCatalogFile(settings);
    out.printf("soak: seed %d, %s, warehouse %s, work dir %s%n", settings.seed(),
        settings.duration(), settings.catalog().get("warehouse"), settings.workDir());
    try (Warehouse warehouse = Warehouse.open(settings.catalog())) {
      Collection collection = SoakCollection.recreate(
          warehouse, settings.collection(), settings.duration().plusMinutes(30));
      FlinkModel flinkModel = new FlinkModel(settings.seed(), settings.flinkOps());
      SdkHistory history = new SdkHistory();
      FaultLog faults = new FaultLog();
      int[] ports = {freePort(), freePort()};
      List<ServingNode> nodes = List.of(
          new ServingNode(settings, 0, ports[0], 0, ports[1]),
          new ServingNode(settings, 1, ports[1], 1, ports[0]));
      AtomicBoolean writing = new AtomicBoolean(true); // false on abort too
      AtomicBoolean jobs = new AtomicBoolean(true);
      AtomicLong flinkAcknowledged = new AtomicLong();
      List<Thread> threads = new ArrayList<>();
      try (FlinkWriter flink = new FlinkWriter(settings);
          AutoCloseable stopNodes = () -> closeAll(nodes)) {
        for (ServingNode node : nodes) {
          node.start();
        }
        out.println("soak: serving nodes up on ports " + ports[0] + ", " + ports[1]);
        warmUp(nodes, settings.collection().database(), settings.collection().name());
        flink.start(null);
        ReadChecker checker = new ReadChecker(flinkModel, history, stats, faults,
            flinkAcknowledged::get);
        String db = settings.collection().database();
        String name = settings.collection().name();
        Thread acknowledger = thread("acknowledged", () -> {
          while (jobs.get() && !abort.aborted()) {
            // A fresh handle each time: the harness's own bookkeeping must not depend on a
            // long-lived table handle refreshing (that is under test elsewhere; see README).
            long k = flink.acknowledgedOps(warehouse.loadCollection(settings.collection()));
            flinkAcknowledged.set(Math.max(flinkAcknowledged.get(), k));
            sleep(300);
          }
        });
        threads.add(thread("sdk-writer", () -> {
          try (NodeClients clients = new NodeClients(nodes, db, name, 0)) {
            new SdkWriter(clients, history, stats, faults, settings.seed(), writing::get).run();
          }
        }));
        for (int r = 0; r < READERS; r++) {
          int first = r;
          threads.add(thread("reader-" + r, () -> {
            SplittableRandom random = new SplittableRandom(settings.seed() * 7 + first);
            try (NodeClients clients = new NodeClients(nodes, db, name, first)) {
              while (writing.get()) {
                checker.randomRead(clients, random);
                sleep(100);
              }
            }
          }));
        }
        Thread jobLoop = thread("jobs", new JobLoop(settings, stats, abort, jobs::get)::run);
        Thread faultLoop = thread("faults", new FaultLoop(flink, nodes, db, name, faults, stats,
            abort, settings.seed(), settings.duration().toNanos(), writing::get,
            () -> flinkAcknowledged.get() > 0)::run);
        // The run's clock starts once the Flink job has committed (up to 5 minutes): on a loaded
        // machine its JVM and MiniCluster may take minutes to start.
        long startDeadline = System.nanoTime() + 300_000_000_000L;
        while (flinkAcknowledged.get() == 0 && System.nanoTime() < startDeadline
            && !abortedWith(flink)) {
          sleep(1_000);
        }
        out.printf("soak: Flink committed its first checkpoint; running for %s%n", settings.duration());
        long end = System.nanoTime() + settings.duration().toNanos();
        while (System.nanoTime() < end && !abortedWith(flink)) {
          for (int i = 0; i < 25 && !abort.aborted(); i++) {
            sleep(200);
          }
          out.printf("  ... Flink acknowledged %,d of %,d ops, SDK %,d ops, reads %,d, mismatches %d%n",
              flinkAcknowledged.get(), settings.flinkOps(), stats.get("SDK writer: ops acknowledged"),
              stats.get("reads checked: get-by-ids") + stats.get("reads checked: search")
                  + stats.get("reads checked: count(*)"), stats.mismatches());
        }
        writing.set(false);
        if (abort.aborted()) {
          out.println("soak: aborted (" + abort.cause() + "); stopping every loop");
          jobs.set(false);
          joinAll(List.of(faultLoop, jobLoop, acknowledger), threads);
          return report();
        }
        out.println("soak: stopping faults and writers; the Flink job drains");
        faultLoop.join();
        for (Thread t : threads) {
          t.join();
        }
        long drainDeadline = System.nanoTime() + 600_000_000_000L;
        while (!flink.finished()) {
          if (System.nanoTime() > drainDeadline) {
            throw new IllegalStateException("the Flink writer did not drain in 10 minutes");
          }
          sleep(1_000);
        }
        jobs.set(false);
        jobLoop.join();
        acknowledger.join();
        if (abort.aborted()) { // a job failed while the Flink writer drained
          return report();
        }
        long drained = flink.acknowledgedOps(warehouse.loadCollection(settings.collection()));
        stats.add("Flink writer: ops acknowledged", drained);
        if (drained != flinkModel.total()) {
          stats.mismatch("Flink: drained job did not acknowledge every op", "acknowledged "
              + drained + " of " + flinkModel.total());
        }
        flinkAcknowledged.set(flinkModel.total());
        out.println("soak: final build and checks");
        new JobLoop(settings, stats, abort, () -> false).runJob("build", -1);
        finalCheck(nodes, db, name, checker, history);
        WalCheck.check(warehouse.loadCollection(settings.collection()), flinkModel, stats);
      }
    } catch (Exception e) {
      abort.abort("the orchestrator failed", e.toString());
      e.printStackTrace(out);
    }
    return report();
  }

  /** Prints the table; returns the number of mismatches (an abort counts as one). */
  private long report() {
    long seconds = settings.duration().toSeconds();
    stats.print(out, "soak seed " + settings.seed() + ", "
        + (seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s") + (settings.catalog().get("warehouse").startsWith("s3") ? " on S3" : "")
        + (abort.aborted() ? ", ABORTED" : ""));
    return stats.mismatches();
  }

  /** Whether the run is aborted; a Flink writer child that exited with an error aborts it. */
  private boolean abortedWith(FlinkWriter flink) throws InterruptedException {
    try {
      flink.finished();
    } catch (IllegalStateException failed) {
      abort.abort("the Flink writer failed by itself", failed.getMessage());
    }
    return abort.aborted();
  }

  /** After an abort: every loop has stopped or is stopping; waits a little for each. */
  private static void joinAll(List<Thread> loops, List<Thread> others) throws InterruptedException {
    for (Thread t : loops) {
      t.join(60_000);
    }
    for (Thread t : others) {
      t.join(10_000);
    }
  }

  /**
   * Every key read back, count(*) and searches with no writer running, then: an indeterminate
   * (failed) SDK batch must be applied to all of its keys or to none, judged on the keys it was the
   * last batch of.
   */
  private void finalCheck(List<ServingNode> nodes, String db, String name, ReadChecker checker,
      SdkHistory history) {
    try (NodeClients clients = new NodeClients(nodes, db, name, 0)) {
      List<Long> keys = new ArrayList<>(checker.allKeys());
      Map<Long, Long> seen = new java.util.HashMap<>();
      for (int from = 0; from < keys.size(); from += 200) {
        seen.putAll(checker.getByIds(clients, keys.subList(from, Math.min(keys.size(), from + 200))));
      }
      checker.count(clients);
      SplittableRandom random = new SplittableRandom(settings.seed());
      for (int i = 0; i < 20; i++) {
        checker.search(clients, FlinkOps.vector(random));
      }
      for (SdkHistory.Batch batch : history.batches()) {
        if (batch.status != SdkHistory.Status.FAILED || batch.kind == io.vectorlake.catalog.wal.WalOp.DELETE) {
          continue;
        }
        int applied = 0;
        int judged = 0;
        for (SoakOp op : batch.ops) {
          List<SdkHistory.Batch> onKey = history.batchesOn(op.key());
          if (onKey.get(onKey.size() - 1) == batch) {
            judged++;
            applied += seen.getOrDefault(op.key(), -1L) == op.version() ? 1 : 0;
          }
        }
        if (applied != 0 && applied != judged) {
          stats.mismatch("a failed SDK batch was applied in part", "batch " + batch.id + ": "
              + applied + " of " + judged + " keys");
        }
        stats.count("indeterminate SDK batches checked all-or-nothing");
      }
    }
    stats.count("final checks");
  }

  /** Waits (up to 3 minutes) until each node answers a count, before any fault or check. */
  private void warmUp(List<ServingNode> nodes, String db, String name) throws InterruptedException {
    long deadline = System.nanoTime() + 180_000_000_000L;
    for (ServingNode node : nodes) {
      node.load(db, name);
    }
    for (int i = 0; i < nodes.size(); i++) {
      while (true) {
        try (NodeClients clients = new NodeClients(nodes, db, name, i)) {
          clients.client().query(io.milvus.v2.service.vector.request.QueryReq.builder()
              .collectionName(name).filter(SoakCollection.KEY + " >= 0")
              .outputFields(List.of("count(*)")).build());
          break;
        } catch (RuntimeException notYet) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("serving node " + i + " did not answer in 3 minutes",
                notYet);
          }
          sleep(1_000);
        }
      }
    }
  }

  /** Writes the catalog properties every child reads through {@code --conf-file}. */
  static void writeCatalogFile(SoakSettings settings) throws Exception {
    Properties props = new Properties();
    props.putAll(settings.catalog());
    Files.createDirectories(settings.workDir());
    try (Writer w = Files.newBufferedWriter(settings.catalogFile())) {
      props.store(w, "soak catalog");
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void closeAll(List<ServingNode> nodes) throws InterruptedException {
    for (ServingNode node : nodes) {
      node.close();
    }
  }

  interface Body {
    void run() throws Exception;
  }

  private Thread thread(String name, Body body) {
    Thread t = new Thread(() -> {
      try {
        body.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        abort.abort("thread " + name + " failed", e.toString());
      }
    }, "soak-" + name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void sleep(long millis) throws InterruptedException {
    Thread.sleep(millis);
  }
}
