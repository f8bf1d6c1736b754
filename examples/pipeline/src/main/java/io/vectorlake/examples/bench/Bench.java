package io.vectorlake.examples.bench;

import io.github.jbellis.jvector.util.Bits;
import io.vectorlake.catalog.cli.CollectionCommands;
import io.vectorlake.catalog.dataset.AnnDataset;
import io.vectorlake.catalog.index.BuiltIndex;
import io.vectorlake.catalog.index.Hit;
import io.vectorlake.catalog.index.IndexSpec;
import io.vectorlake.catalog.index.VectorIndex;
import io.vectorlake.catalog.index.VectorIndexWriter;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.catalog.search.SnapshotSearcher;
import io.vectorlake.catalog.segment.SegmentMetadata;
import io.vectorlake.catalog.view.ReadPlan;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import io.vectorlake.examples.ServerProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/vectorlake bench}: measures a shared vector set through the whole pipeline, each
 * figure side by side with its baseline in one run: Flink ingestion at 1 and 2 writers, the Spark
 * build against a raw jvector build of the same vectors, search QPS and latency at several client
 * counts and beam widths through gRPC (the serving tier and the Milvus SDK), through Vectorlake's
 * segment search in process, and through raw in-process jvector on the same parameters, with
 * recall@10, and index bytes per vector. Prints a table, writes CSV and a
 * PNG plot of recall against QPS.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure ingestion, index build and search on a vector set; print, CSV and PNG.")
public final class Bench implements Callable<Integer> {
  private static final Pattern ROWS_PER_SECOND = Pattern.compile("\\(([0-9]+) rows/s");
  private static final Pattern BUILD_MILLIS = Pattern.compile("watermark [0-9]+, ([0-9]+) ms");

  @Option(names = "--data", required = true, paramLabel = "DIR",
      description = "A vector set folder, e.g. ../shared/data/fashion-mnist-784-euclidean")
  Path data;

  @Option(names = "--out", defaultValue = "bench-out", description = "Output folder. Default: ${DEFAULT-VALUE}.")
  Path out;

  @Option(names = "--clients", defaultValue = "1,4,16", split = ",",
      description = "Concurrent search clients. Default: ${DEFAULT-VALUE}.")
  List<Integer> clients;

  @Option(names = "--ef", defaultValue = "16,32,64,100,200", split = ",",
      description = "Search beam widths. Default: ${DEFAULT-VALUE}.")
  List<Integer> efs;

  @Option(names = "--queries", defaultValue = "1000", description = "Queries per measurement (at most).")
  int queryCount;

  @Option(names = "--threads", defaultValue = "2", description = "Build threads. Default: 2.")
  int threads;

  @Option(names = "--segments", defaultValue = "1,4,16", split = ",",
      description = "The same vectors cut into this many segments, searched in process side by"
          + " side (0 to skip). Default: ${DEFAULT-VALUE}.")
  List<Integer> segmentCounts;

  @Option(names = "--segments-ef", defaultValue = "64",
      description = "Beam width of the segment-count comparison. Default: ${DEFAULT-VALUE}.")
  int segmentsEf;

  @Option(names = "--metric", paramLabel = "L2|IP|COSINE",
      description = "The set's metric. Default: from its name as ann-benchmarks spells it"
          + " (-angular COSINE, -euclidean L2, -dot IP).")
  MetricType metric;

  public static void main(String[] args) {
    System.exit(CollectionCommands.withUserErrors(new CommandLine(new Bench())).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    PrintStream log = System.out;
    AnnDataset set = AnnDataset.load(data);
    List<float[]> queries = set.queries().subList(0, Math.min(queryCount, set.queries().size()));
    int n = set.base().size();
    int dim = set.dimension();
    MetricType metric = this.metric != null ? this.metric : set.metric();
    String jdk = Runtime.version() + " (" + System.getProperty("java.vm.vendor") + ")";
    BenchReport report = new BenchReport(
        String.format("Vectorlake bench: %s, %,d x %d, JDK %s", set.name(), n, dim, jdk),
        String.format("%s: recall@10 vs QPS (JDK %d)", set.name(), Runtime.version().feature()));
    Files.createDirectories(out);
    Path warehouse = out.resolve("warehouse").toAbsolutePath();
    deleteRecursively(warehouse);
    Path home = Path.of(System.getProperty("vectorlake.home", ".")).toAbsolutePath().normalize();
    log.printf("bench on %s (%,d vectors, dim %d, %s, %d queries), JDK %s, warehouse %s%n",
        set.name(), n, dim, metric, queries.size(), jdk, warehouse);

    for (int writers : new int[] {1, 2}) {
      log.printf("[ingest] Flink job, %d writer(s)...%n", writers);
      String output = child(home, "ingest", "--warehouse", warehouse.toString(), "--collection",
          "bench.ingest" + writers, "--create", "--metric", metric.name(), "--shards", "2",
          "--parallelism", Integer.toString(writers), "--data", data.toString());
      double rowsPerSecond = number(ROWS_PER_SECOND, output);
      report.add(new BenchReport.Line("ingest", "Flink sink", writers + " writer(s), ckpt 1 s",
          rowsPerSecond, "rows/s", rowsPerSecond * dim * 4 / 1e6, "MB/s", Double.NaN));
    }

    log.println("[build] Spark BuildIndexes (one segment) and a raw jvector build...");
    child(home, "ingest", "--warehouse", warehouse.toString(), "--collection", "bench.vectors",
        "--create", "--metric", metric.name(), "--shards", "1", "--parallelism", "1", "--data",
        data.toString());
    long started = System.nanoTime();
    String built = child(home, "build", "--warehouse", warehouse.toString(), "--collection",
        "bench.vectors", "--target-rows", Integer.toString(n), "--threads",
        Integer.toString(threads), "--master", "local[" + threads + "]");
    double sparkJobSeconds = number(BUILD_MILLIS, built) / 1000;
    double sparkProcessSeconds = (System.nanoTime() - started) / 1e9;
    float[] packed = new float[n * dim];
    for (int i = 0; i < n; i++) {
      System.arraycopy(set.base().get(i), 0, packed, i * dim, dim);
    }
    Path rawDir = Files.createDirectories(out.resolve("raw-index").toAbsolutePath());
    started = System.nanoTime();
    BuiltIndex raw = VectorIndexWriter.build("vector", packed, dim, n,
        IndexSpec.defaults(metric), rawDir, threads);
    double rawSeconds = (System.nanoTime() - started) / 1e9;
    report.add(new BenchReport.Line("build", "raw jvector (in process)", threads + " threads",
        rawSeconds, "s", Double.NaN, "", Double.NaN));
    report.add(new BenchReport.Line("build", "Spark BuildIndexes", "job / with JVM+Spark start",
        sparkJobSeconds, "s", sparkProcessSeconds, "s", Double.NaN));
    report.add(new BenchReport.Line("build", "ratio Spark job / raw", "", sparkJobSeconds / rawSeconds,
        "x", Double.NaN, "", Double.NaN));

    try (Warehouse wh = Warehouse.open(Map.of("warehouse", warehouse.toString()))) {
      Collection collection = wh.loadCollection(CollectionId.parse("bench.vectors"));
      SegmentMetadata segment = collection.segmentsAt(collection.walPosition()).liveRows().get(0);
      BuiltIndex index = segment.index("vector");
      long pqBytes = index.pq() == null ? 0 : index.pq().size();
      report.add(new BenchReport.Line("memory", "segment index", "PQ codes (in memory)",
          (double) pqBytes / n, "B/vector", (double) index.graph().size() / n, "B mapped", Double.NaN));
      Map<String, Double> rawQps = new java.util.HashMap<>();
      try (SnapshotSearcher searcher = SnapshotSearcher.open(collection,
              ReadPlan.of(collection, collection.walPosition()), "vector", out.resolve("cache"));
          VectorIndex rawIndex = VectorIndex.open(rawDir, raw, false)) {
        for (int ef : efs) {
          for (int c : clients) {
            log.printf("[search] in process: ef %d, %d client(s)...%n", ef, c);
            measure(report, "Vectorlake segment search", set, queries, ef, c,
                (q, k, e) -> searcher.search(q, k, e, null).stream()
                    .mapToLong(h -> (Long) h.primaryKey()).toArray());
            rawQps.put(ef + "/" + c, measure(report, "raw jvector (in process)", set, queries, ef, c,
                (q, k, e) -> rawIndex.search(q, k, e, Bits.ALL).stream().mapToLong(Hit::ordinal)
                    .toArray()).qps());
          }
        }
      }
      log.println("[search] through gRPC: bin/vectorlake serve and the Milvus Java SDK...");
      try (ServerProcess server = ServerProcess.start(home, log, warehouse.toString())) {
        long heapBefore = server.heapUsedAfterFullGc();
        GrpcClients grpc = new GrpcClients(server.uri(), "bench", "vectors",
            clients.stream().mapToInt(Integer::intValue).max().orElse(1));
        double loadSeconds = grpc.loadSeconds();
        report.add(new BenchReport.Line("load", "serving (LoadCollection)", "one segment",
            loadSeconds, "s", n / loadSeconds / 1e6, "M vectors/s", Double.NaN));
        searchThroughGrpc(report, server, grpc, set, queries, rawQps, n, heapBefore);
      }
    }
    compareSegmentCounts(report, home, warehouse, set, queries, metric);
    report.print(log);
    report.writeCsv(out.resolve("bench.csv"));
    report.plotRecallVsQps(out.resolve("recall-vs-qps.png"));
    log.printf("%nwrote %s and %s%n", out.resolve("bench.csv"), out.resolve("recall-vs-qps.png"));
    return 0;
  }

  private void searchThroughGrpc(BenchReport report, ServerProcess server, GrpcClients grpc,
      AnnDataset set, List<float[]> queries, Map<String, Double> rawQps, int n, long heapBefore)
      throws Exception {
    PrintStream log = System.out;
    try (grpc) {
      long rss = server.residentBytes();
      if (rss > 0) {
        report.add(new BenchReport.Line("memory", "serving process (RSS)", "collection loaded",
            (double) rss / n, "B/vector", rss / 1e6, "MB total", Double.NaN));
      }
      long heap = server.heapUsedAfterFullGc();
      if (heap > 0 && heapBefore > 0) {
        report.add(new BenchReport.Line("memory", "serving heap after full GC",
            "loaded minus before", (double) (heap - heapBefore) / n, "B/vector", heap / 1e6,
            "MB total", Double.NaN));
      }
      for (int ef : efs) {
        for (int c : clients) {
          log.printf("[search] gRPC: ef %d, %d client(s)...%n", ef, c);
          SearchLoad.Measured m = measure(report, "gRPC (Milvus SDK, Eventually)", set, queries,
              ef, c, grpc::topK);
          report.add(new BenchReport.Line("ratio", "gRPC QPS / raw jvector QPS",
              c + " clients ef=" + ef, m.qps() / rawQps.get(ef + "/" + c), "x", Double.NaN, "",
              Double.NaN));
        }
      }
    }
  }

  /**
   * The same vectors as 1, 4 and 16 segments (one shard), each searched in process at every
   * client count: what a query pays per graph it visits.
   */
  private void compareSegmentCounts(BenchReport report, Path home, Path warehouse, AnnDataset set,
      List<float[]> queries, MetricType metric) throws Exception {
    int n = set.base().size();
    for (int segments : segmentCounts) {
      if (segments < 1) {
        continue;
      }
      String name = "bench.segments" + segments;
      System.out.printf("[segments] %d segment(s): ingest and build...%n", segments);
      child(home, "ingest", "--warehouse", warehouse.toString(), "--collection", name, "--create",
          "--metric", metric.name(), "--shards", "1", "--parallelism", "1", "--data",
          data.toString());
      child(home, "build", "--warehouse", warehouse.toString(), "--collection", name,
          "--target-rows", Integer.toString((n + segments - 1) / segments), "--threads",
          Integer.toString(threads), "--master", "local[" + threads + "]");
      try (Warehouse wh = Warehouse.open(Map.of("warehouse", warehouse.toString()))) {
        Collection collection = wh.loadCollection(CollectionId.parse(name));
        int built = collection.segmentsAt(collection.walPosition()).liveRows().size();
        try (SnapshotSearcher searcher = SnapshotSearcher.open(collection,
            ReadPlan.of(collection, collection.walPosition()), "vector", out.resolve("cache"))) {
          for (int c : clients) {
            measure(report, "segments", "Vectorlake segment search, " + built + " segment(s)", set,
                queries, segmentsEf, c, (q, k, e) -> searcher.search(q, k, e, null).stream()
                    .mapToLong(h -> (Long) h.primaryKey()).toArray());
          }
        }
      }
    }
  }

  private SearchLoad.Measured measure(BenchReport report, String system, AnnDataset set,
      List<float[]> queries, int ef, int clients, SearchLoad.Search search) throws Exception {
    return measure(report, "search", system, set, queries, ef, clients, search);
  }

  private SearchLoad.Measured measure(BenchReport report, String stage, String system,
      AnnDataset set,
      List<float[]> queries, int ef, int clients, SearchLoad.Search search) throws Exception {
    SearchLoad.run(search, queries, 10, ef, clients, Math.min(queries.size(), 100)); // warm up
    SearchLoad.Measured m = SearchLoad.run(search, queries, 10, ef, clients, queries.size());
    double recall = 0;
    for (int q = 0; q < queries.size(); q++) {
      recall += set.recall(q, m.results()[q], 10, Set.of());
    }
    report.add(new BenchReport.Line(stage, system, clients + " clients ef=" + ef, m.qps(), "QPS",
        m.p99Millis(), "ms p99", recall / queries.size()));
    report.add(new BenchReport.Line("latency", system, clients + " clients ef=" + ef, m.p50Millis(),
        "ms p50", m.p99Millis(), "ms p99", Double.NaN));
    return m;
  }

  /** Runs a bin/vectorlake command, echoing its output, and returns the output. */
  private static String child(Path home, String... args) throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream both = new PrintStream(new java.io.OutputStream() {
      @Override
      public void write(int b) {
        captured.write(b);
        System.out.write(b);
      }
    }, true, StandardCharsets.UTF_8);
    io.vectorlake.examples.ChildCommand.run(home, both, args);
    return captured.toString(StandardCharsets.UTF_8);
  }

  private static double number(Pattern pattern, String output) {
    Matcher m = pattern.matcher(output);
    if (!m.find()) {
      throw new IllegalStateException("could not find " + pattern + " in the command's output");
    }
    return Double.parseDouble(m.group(1));
  }

  private static void deleteRecursively(Path dir) throws java.io.IOException {
    if (Files.exists(dir)) {
      try (var paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
