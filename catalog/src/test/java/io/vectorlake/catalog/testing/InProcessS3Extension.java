package io.vectorlake.catalog.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts an {@link InProcessS3} with one bucket before a test class and stops it after:
 * {@code @RegisterExtension static final InProcessS3Extension S3 = new
 * InProcessS3Extension("lake");}, then {@code S3.server()} in the tests.
 */
public final class InProcessS3Extension implements BeforeAllCallback, AfterAllCallback {
  private final String bucket;
  private InProcessS3 server;

  public InProcessS3Extension(String bucket) {
    this.bucket = bucket;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    server = InProcessS3.start();
    server.createBucket(bucket);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  /** The running server (between the class' first and last test). */
  public InProcessS3 server() {
    if (server == null) {
      throw new IllegalStateException("the in-process S3 server runs only while the test class"
          + " does: register this extension on a static field");
    }
    return server;
  }

  public String bucket() {
    return bucket;
  }
}
