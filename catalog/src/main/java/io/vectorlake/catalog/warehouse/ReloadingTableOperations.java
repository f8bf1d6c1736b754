package io.vectorlake.catalog.warehouse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.encryption.EncryptionManager;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Table operations that survive falling behind, under every table handle Vectorlake holds. A
 * table keeps {@code write.metadata.previous-versions-max} metadata versions, and the Hadoop
 * catalog's refresh walks forward from the version a handle last read: once other writers made
 * more commits than that, the version is gone and a plain Iceberg handle fails every refresh with
 * "Metadata file for version N is missing". When a refresh fails that way, this loads the table
 * from the catalog again (which finds the newest version from the version hint or the current
 * pointer), logs it once at INFO, and goes on with the new operations.
 *
 * <p>Commits are never retried here: Iceberg's own commit retry refreshes, and a commit prepared
 * on the stale metadata fails as stale and is rebuilt on the reloaded one.
 */
public final class ReloadingTableOperations implements TableOperations {
  private static final Logger LOG = LoggerFactory.getLogger(ReloadingTableOperations.class);
  private static final Pattern MISSING_VERSION =
      Pattern.compile("Metadata file for version (\\d+) is missing under (.+)$");

  private final Catalog catalog;
  private final TableIdentifier identifier;
  private final String tableUuid;
  private volatile TableOperations delegate;

  private ReloadingTableOperations(
      Catalog catalog, TableIdentifier identifier, TableOperations loaded) {
    this.catalog = catalog;
    this.identifier = identifier;
    this.delegate = loaded;
    this.tableUuid = loaded.current().uuid();
  }

  /** Loads a table whose handle survives falling behind; throws as {@link Catalog#loadTable}. */
  public static Table loadTable(Catalog catalog, TableIdentifier identifier) {
    return wrap(catalog, identifier, loadFresh(catalog, identifier));
  }

  /**
   * {@link Catalog#loadTable}, past a stale version hint. On the Hadoop catalog a committer that
   * stalls between its commit and its hint write can later write a hint naming a version that
   * other writers' commits have deleted since (the hint is only a hint: apache/iceberg#12740);
   * every load then fails with "Metadata file for version N is missing" until the next commit
   * writes the hint again. The hint is removed (only if it still names N), and the catalog finds
   * the newest version by listing, as it does whenever the hint is missing.
   */
  static Table loadFresh(Catalog catalog, TableIdentifier identifier) {
    for (int attempt = 1; ; attempt++) {
      try {
        return catalog.loadTable(identifier);
      } catch (ValidationException e) {
        Matcher missing = MISSING_VERSION.matcher(String.valueOf(e.getMessage()));
        if (attempt >= 3 || !(catalog instanceof HadoopCatalog hadoop) || !missing.find()) {
          throw e;
        }
        removeStaleHint(hadoop, identifier, new Path(missing.group(2), "version-hint.text"),
            missing.group(1));
      }
    }
  }

  private static void removeStaleHint(
      HadoopCatalog catalog, TableIdentifier identifier, Path hint, String missingVersion) {
    try {
      FileSystem fs = hint.getFileSystem(catalog.getConf());
      String named;
      try (var in = fs.open(hint)) {
        named = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      }
      if (named.equals(missingVersion)) {
        fs.delete(hint, false);
        LOG.info("{}: its version hint named version {}, which is deleted (a committer stalled"
            + " between its commit and its hint); removed the hint, the newest version is found"
            + " by listing", identifier, missingVersion);
      }
    } catch (IOException e) {
      LOG.debug("{}: reading the version hint {}: {}", identifier, hint, e.toString());
    }
  }

  /**
   * The same table on reloading operations. Tables of catalogs with their own table class (a
   * REST catalog's) are returned as they are: they refresh from their server, not by walking
   * metadata files.
   */
  public static Table wrap(Catalog catalog, TableIdentifier identifier, Table loaded) {
    if (loaded.getClass() != BaseTable.class) {
      return loaded;
    }
    BaseTable table = (BaseTable) loaded;
    return new BaseTable(
        new ReloadingTableOperations(catalog, identifier, table.operations()), table.name(),
        table.reporter());
  }

  @Override
  public TableMetadata current() {
    return recovering(TableOperations::current);
  }

  @Override
  public TableMetadata refresh() {
    return recovering(TableOperations::refresh);
  }

  @Override
  public void commit(TableMetadata base, TableMetadata metadata) {
    delegate.commit(base, metadata);
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
    return recovering(TableOperations::locationProvider);
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

  private <T> T recovering(Function<TableOperations, T> call) {
    TableOperations ops = delegate;
    try {
      return call.apply(ops);
    } catch (ValidationException | NotFoundException e) {
      // The version this handle read is gone (ValidationException on the Hadoop catalog; a
      // metadata file removed while being read surfaces as NotFoundException): start over.
      return call.apply(reloadAfter(ops, e));
    }
  }

  private synchronized TableOperations reloadAfter(TableOperations failed, RuntimeException cause) {
    if (delegate != failed) {
      return delegate; // another thread reloaded already
    }
    TableOperations fresh;
    try {
      fresh = ((HasTableOperations) loadFresh(catalog, identifier)).operations();
    } catch (NoSuchTableException e) {
      cause.addSuppressed(e);
      throw cause;
    }
    TableMetadata metadata = fresh.current();
    if (!Objects.equals(tableUuid, metadata.uuid())) {
      throw new IllegalStateException("table " + identifier + " was dropped and created again"
          + " since this handle loaded it (table uuid " + tableUuid + ", now " + metadata.uuid()
          + "): load the collection again", cause);
    }
    LOG.info("{}: the metadata version this handle last read is gone ({}); reloaded the table"
        + " from the catalog at {}", identifier, cause.getMessage(), metadata.metadataFileLocation());
    delegate = fresh;
    return fresh;
  }
}
