package io.vectorlake.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.client.RetryConfig;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.vectorlake.serving.auth.TokenSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Point 11: {@code vectorlake serve} takes its token from a file or the environment, so that it
 * need not appear on the command line (and in {@code ps}); before, only {@code --token} existed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServeCommandTokenIT {

  private static VectorlakeServer serve(Map<String, String> environment, String... args) {
    ServeCommand command = new ServeCommand();
    new CommandLine(command).parseArgs(args);
    return command.start(environment);
  }

  private static void requiresToken(VectorlakeServer server, String token) throws Exception {
    String uri = "http://127.0.0.1:" + server.port();
    MilvusClientV2 good = new MilvusClientV2(ConnectConfig.builder().uri(uri).token(token)
        .connectTimeoutMs(5_000).build());
    try {
      assertEquals(false, good.hasCollection(HasCollectionReq.builder().collectionName("none")
          .build()));
    } finally {
      good.close(1);
    }
    assertThrows(Exception.class, () -> {
      MilvusClientV2 bad = new MilvusClientV2(ConnectConfig.builder().uri(uri)
          .token("root:guess").connectTimeoutMs(5_000).build());
      try {
        bad.retryConfig(RetryConfig.builder().maxRetryTimes(1).build());
        bad.hasCollection(HasCollectionReq.builder().collectionName("none").build());
      } finally {
        bad.close(1);
      }
    });
  }

  @Test
  void tokenFromAFile(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("token"), "root:FromFile\n");
    try (VectorlakeServer server = serve(Map.of(), "--warehouse", dir.resolve("w").toString(),
        "--host", "127.0.0.1", "--port", "0", "--token-file", file.toString())) {
      requiresToken(server, "root:FromFile");
    }
  }

  @Test
  void tokenFromTheEnvironment(@TempDir Path dir) throws Exception {
    try (VectorlakeServer server = serve(Map.of(TokenSource.ENVIRONMENT_VARIABLE, "root:FromEnv"),
        "--warehouse", dir.resolve("w").toString(), "--host", "127.0.0.1", "--port", "0")) {
      requiresToken(server, "root:FromEnv");
    }
  }
}
