package io.vectorlake.spark;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.encryption.EncryptionManager;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;

/**
 * A Hadoop catalog ({@code catalog-impl}) whose snapshot commits go wrong the way remote catalogs
 * can, chosen with the catalog property {@value #MODE}:
 *
 * <ul>
 *   <li>{@code unknown-after}: the commit lands, then throws {@link CommitStateUnknownException}
 *       (a lost response);
 *   <li>{@code unknown-before}: throws {@link CommitStateUnknownException} without committing;
 *   <li>{@code rejected}: the catalog rejects the commit, which certainly did not land;
 *   <li>{@code close-after}: the commit lands and succeeds, but closing the catalog afterwards
 *       fails, so the caller's commit step throws after its data is committed.
 * </ul>
 */
public final class FailingCommitCatalog extends HadoopCatalog {
  public static final String MODE = "test.commit-failure";

  private String mode = "";
  private final AtomicBoolean committed = new AtomicBoolean();

  @Override
  public void initialize(String name, Map<String, String> properties) {
    super.initialize(name, properties);
    mode = properties.getOrDefault(MODE, "");
  }

  @Override
  protected TableOperations newTableOps(TableIdentifier identifier) {
    return new Ops(super.newTableOps(identifier));
  }

  @Override
  public void close() throws IOException {
    super.close();
    if (mode.equals("close-after") && committed.get()) {
      throw new IOException("injected: closing the catalog failed after a commit");
    }
  }

  private final class Ops implements TableOperations {
    private final TableOperations delegate;

    Ops(TableOperations delegate) {
      this.delegate = delegate;
    }

    @Override
    public void commit(TableMetadata base, TableMetadata metadata) {
      boolean addsSnapshot = base != null && metadata.currentSnapshot() != null
          && (base.currentSnapshot() == null
              || base.currentSnapshot().snapshotId() != metadata.currentSnapshot().snapshotId());
      if (addsSnapshot && mode.equals("rejected")) {
        throw new ValidationException("injected: rejected");
      }
      if (addsSnapshot && mode.equals("unknown-before")) {
        throw new CommitStateUnknownException(new IOException("injected: no response"));
      }
      delegate.commit(base, metadata);
      committed.set(true);
      if (addsSnapshot && mode.equals("unknown-after")) {
        throw new CommitStateUnknownException(new IOException("injected: response lost"));
      }
    }

    @Override
    public TableMetadata current() {
      return delegate.current();
    }

    @Override
    public TableMetadata refresh() {
      return delegate.refresh();
    }

    @Override
    public FileIO io() {
      return delegate.io();
    }

    @Override
    public EncryptionManager encryption() {
      return delegate.encryption();
    }

    @Override
    public String metadataFileLocation(String fileName) {
      return delegate.metadataFileLocation(fileName);
    }

    @Override
    public LocationProvider locationProvider() {
      return delegate.locationProvider();
    }

    @Override
    public TableOperations temp(TableMetadata uncommittedMetadata) {
      return delegate.temp(uncommittedMetadata);
    }

    @Override
    public long newSnapshotId() {
      return delegate.newSnapshotId();
    }

    @Override
    public boolean requireStrictCleanup() {
      return delegate.requireStrictCleanup();
    }
  }
}
