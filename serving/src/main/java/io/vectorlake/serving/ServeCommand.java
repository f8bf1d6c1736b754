package io.vectorlake.serving;

import io.vectorlake.catalog.cli.WarehouseOptions;
import io.vectorlake.serving.auth.TokenSource;
import io.vectorlake.serving.rpc.RequestLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vectorlake serve}: runs the Milvus-protocol server on a warehouse until stopped. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Serve a warehouse over Milvus' gRPC protocol (use any Milvus SDK).")
public final class ServeCommand implements Callable<Integer> {
  @Mixin WarehouseOptions warehouse;

  @Option(names = "--port", defaultValue = "19530",
      description = "Port to listen on (0: any free port). Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--host", defaultValue = "0.0.0.0",
      description = "Address to bind. Default: ${DEFAULT-VALUE}.")
  String host;

  @Option(names = "--token", paramLabel = "USER:PASSWORD",
      description = "Require this token from every client (MilvusClientV2 token(\"user:pass\"))."
          + " Visible in ps: prefer --token-file or the VECTORLAKE_TOKEN environment variable.")
  String token;

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "Read the required USER:PASSWORD token from this file (one line).")
  Path tokenFile;

  @Option(names = "--max-request-bytes", defaultValue = "268435456", paramLabel = "BYTES",
      description = "Largest gRPC message accepted. Default: ${DEFAULT-VALUE} (256 MiB, Milvus').")
  int maxRequestBytes;

  @Option(names = "--max-topk", defaultValue = "16384", paramLabel = "N",
      description = "Largest topk + offset of a search. Default: ${DEFAULT-VALUE} (Milvus').")
  int maxTopK;

  @Option(names = "--max-nq", defaultValue = "16384", paramLabel = "N",
      description = "Most query vectors in one search. Default: ${DEFAULT-VALUE} (Milvus').")
  int maxNq;

  @Option(names = "--max-result-entries", defaultValue = "4194304", paramLabel = "N",
      description = "Most result slots, nq x (topk + offset), of one search."
          + " Default: ${DEFAULT-VALUE}.")
  long maxResultEntries;

  @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM certificate chain; enables TLS.")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM PKCS#8 private key for --tls-cert.")
  Path tlsKey;

  @Option(names = "--bounded-staleness", defaultValue = "PT5S", paramLabel = "DURATION",
      description = "Oldest view Bounded consistency may answer from (ISO-8601). Default: 5 s.")
  Duration boundedStaleness;

  @Option(names = "--shards", split = ",", paramLabel = "N",
      description = "Serve only these shards (e.g. 0,1); default: all.")
  java.util.Set<Integer> shards;

  @Option(names = "--peers", split = ",", paramLabel = "HOST:PORT",
      description = "Nodes serving the other shards: searches and queries fan out to them and"
          + " merge.")
  java.util.List<String> peers;

  @Option(names = "--follow-interval", defaultValue = "PT1S", paramLabel = "DURATION",
      description = "How often loaded collections read new WAL commits in the background"
          + " (ISO-8601; PT0S: off). Default: 1 s.")
  Duration followInterval;

  @Option(names = "--peer-token", paramLabel = "SECRET",
      description = "Credential the nodes of a sharded deployment present to each other (needed"
          + " with --token and --peers).")
  String peerToken;

  @Option(names = "--peer-trust", paramLabel = "FILE",
      description = "PEM certificates trusted when dialing peers over TLS (default: the JDK's).")
  Path peerTrust;

  /** The configuration the options describe; {@code environment} may hold the token. */
  ServerConfig config(Map<String, String> environment) {
    return new ServerConfig(host, port, TokenSource.resolve(token, tokenFile, environment),
        tlsCert, tlsKey, boundedStaleness, shards, peers, followInterval, peerToken, peerTrust,
        new RequestLimits(maxRequestBytes, maxTopK, maxNq, maxResultEntries));
  }

  /** Opens the warehouse and starts serving it. */
  VectorlakeServer start(Map<String, String> environment) {
    return new VectorlakeServer(warehouse.open(), config(environment)).start();
  }

  @Override
  public Integer call() throws Exception {
    VectorlakeServer server = start(System.getenv());
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "vectorlake-shutdown"));
    server.awaitTermination();
    return 0;
  }

  public static void main(String[] args) {
    // Our shutdown hook logs while it drains; Log4j's own hook would stop logging first.
    System.setProperty("log4j2.shutdownHookEnabled", "false");
    CommandLine cli = new CommandLine(new ServeCommand());
    cli.setExecutionExceptionHandler((e, line, parsed) -> {
      line.getErr().println("error: " + e.getMessage());
      return 2;
    });
    int code = cli.execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }
}
