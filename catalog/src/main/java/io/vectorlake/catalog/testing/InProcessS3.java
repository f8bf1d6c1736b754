package io.vectorlake.catalog.testing;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 protocol server (s3proxy over an in-memory store) on 127.0.0.1, for tests of
 * warehouses on object storage and the soak's {@code --s3}: no Docker engine runs on these
 * machines, so MinIO cannot. s3proxy is a provided dependency: a module that starts the server
 * declares it.
 */
public final class InProcessS3 implements AutoCloseable {
  public static final String ACCESS_KEY = "vectorlake-test";
  public static final String SECRET_KEY = "vectorlake-test-secret";
  public static final String REGION = "us-east-1";

  private final S3Proxy proxy;
  private final URI endpoint;

  private InProcessS3(S3Proxy proxy) {
    this.proxy = proxy;
    this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  public static InProcessS3 start() throws Exception {
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(new TransientNio2BlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .build();
    proxy.start();
    long deadline = System.currentTimeMillis() + 30_000;
    while (!"STARTED".equals(proxy.getState())) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
      }
      Thread.sleep(10);
    }
    return new InProcessS3(proxy);
  }

  public URI endpoint() {
    return endpoint;
  }

  public void createBucket(String bucket) {
    try (S3Client client = client()) {
      client.createBucket(b -> b.bucket(bucket));
    }
  }

  public S3Client client() {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .region(Region.of(REGION))
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build();
  }

  /** Iceberg S3FileIO properties that reach this server. */
  public Map<String, String> s3FileIoProperties() {
    Map<String, String> props = new HashMap<>();
    props.put("io-impl", "org.apache.iceberg.aws.s3.S3FileIO");
    props.put("s3.endpoint", endpoint.toString());
    props.put("s3.path-style-access", "true");
    props.put("s3.access-key-id", ACCESS_KEY);
    props.put("s3.secret-access-key", SECRET_KEY);
    props.put("client.region", REGION);
    return props;
  }

  /**
   * Warehouse properties of a JDBC catalog (SQLite in {@code catalogDb}) whose files live on this
   * server under {@code s3://bucket/prefix}.
   */
  public Map<String, String> jdbcWarehouseProperties(
      java.nio.file.Path catalogDb, String bucket, String prefix) {
    Map<String, String> props = s3FileIoProperties();
    props.put("type", "jdbc");
    props.put("uri", "jdbc:sqlite:" + catalogDb);
    props.put("jdbc.schema-version", "V1");
    props.put("warehouse", "s3://" + bucket + "/" + prefix);
    return props;
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
  }
}
