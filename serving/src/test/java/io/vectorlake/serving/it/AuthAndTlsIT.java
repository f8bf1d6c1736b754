package io.vectorlake.serving.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.vectorlake.serving.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server with a token refuses clients without it; one serving TLS answers clients that trust it. */
class AuthAndTlsIT {
  @TempDir Path dir;

  @Test
  void tokenIsRequiredAndWrongTokensAreRefused() {
    try (ServerFixture fixture = new ServerFixture(dir.resolve("wh"),
        ServerConfig.loopback(0).withToken("root:Milvus"))) {
      MilvusClientV2 good = fixture.client(ConnectConfig.builder().uri(fixture.uri())
          .token("root:Milvus").connectTimeoutMs(5_000).build());
      assertTrue(good.listDatabases().getDatabaseNames().contains("default"));
      Exception wrong = assertThrows(Exception.class, () -> fixture.client(ConnectConfig.builder()
          .uri(fixture.uri()).token("root:guess").connectTimeoutMs(5_000).build()));
      assertTrue(wrong.getMessage().contains("UNAUTHENTICATED"), wrong.getMessage());
      Exception missing = assertThrows(Exception.class, () -> fixture.client(
          ConnectConfig.builder().uri(fixture.uri()).connectTimeoutMs(5_000).build()));
      assertTrue(missing.getMessage().contains("requires authentication"), missing.getMessage());
    }
  }

  @Test
  void tlsServesClientsThatTrustItsCertificate() throws Exception {
    SelfSignedCertificate tls = SelfSignedCertificate.in(dir);
    try (ServerFixture fixture = new ServerFixture(dir.resolve("wh"),
        ServerConfig.loopback(0).withTls(tls.cert(), tls.key()))) {
      MilvusClientV2 client = fixture.client(ConnectConfig.builder().uri(fixture.uri())
          .secure(true).serverPemPath(tls.cert().toString()).serverName("localhost")
          .connectTimeoutMs(10_000).build());
      assertEquals(List.of("default"), client.listDatabases().getDatabaseNames());
    }
  }
}
