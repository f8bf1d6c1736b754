package io.vectorlake.serving.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.vectorlake.serving.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    Path cert = dir.resolve("server.pem");
    Path key = dir.resolve("server.key");
    selfSigned(cert, key);
    try (ServerFixture fixture = new ServerFixture(dir.resolve("wh"),
        ServerConfig.loopback(0).withTls(cert, key))) {
      MilvusClientV2 client = fixture.client(ConnectConfig.builder().uri(fixture.uri())
          .secure(true).serverPemPath(cert.toString()).serverName("localhost")
          .connectTimeoutMs(10_000).build());
      assertEquals(List.of("default"), client.listDatabases().getDatabaseNames());
    }
  }

  /** A self-signed certificate for localhost/127.0.0.1 made with the JDK's keytool, as PEM. */
  private void selfSigned(Path certPem, Path keyPem) throws Exception {
    Path store = dir.resolve("server.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "server",
        "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost",
        "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
        "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), output);
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(store)) {
      keys.load(in, "changeit".toCharArray());
    }
    Certificate certificate = keys.getCertificate("server");
    PrivateKey privateKey = (PrivateKey) keys.getKey("server", "changeit".toCharArray());
    Files.writeString(certPem, pem("CERTIFICATE", certificate.getEncoded()));
    Files.writeString(keyPem, pem("PRIVATE KEY", privateKey.getEncoded()));
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
