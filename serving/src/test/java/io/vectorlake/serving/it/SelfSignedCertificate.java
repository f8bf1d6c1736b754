package io.vectorlake.serving.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Base64;

/** A self-signed certificate for localhost and 127.0.0.1, made with the JDK's keytool, as PEM. */
record SelfSignedCertificate(Path cert, Path key) {
  static SelfSignedCertificate in(Path dir) throws Exception {
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
    PrivateKey privateKey = (PrivateKey) keys.getKey("server", "changeit".toCharArray());
    SelfSignedCertificate pem =
        new SelfSignedCertificate(dir.resolve("server.pem"), dir.resolve("server.key"));
    Files.writeString(pem.cert(), pem("CERTIFICATE", keys.getCertificate("server").getEncoded()));
    Files.writeString(pem.key(), pem("PRIVATE KEY", privateKey.getEncoded()));
    return pem;
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
