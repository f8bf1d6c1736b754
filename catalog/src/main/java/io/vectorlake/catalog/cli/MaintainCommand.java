package io.vectorlake.catalog.cli;

import io.vectorlake.catalog.maintenance.Maintenance;
import io.vectorlake.catalog.maintenance.MaintenanceOptions;
import io.vectorlake.catalog.maintenance.MaintenanceReport;
import io.vectorlake.catalog.maintenance.RetentionPolicy;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bin/vectorlake maintain}: expiry, WAL retention and cleanup (and compaction when asked) of
 * one collection or of all, printing what each removed. Compaction runs in this process here; the
 * index builder's version runs it as a Spark job.
 */
@Command(name = "maintain", mixinStandardHelpOptions = true,
    description = "Expire old snapshots, drop sealed WAL files, delete orphan files (and compact"
        + " with --compact) under each collection's retention policy. Safe while ingestion,"
        + " builds and serving run.")
public class MaintainCommand implements Callable<Integer> {
  @Mixin public WarehouseOptions warehouse;
  @Spec public CommandLine.Model.CommandSpec spec;

  @Option(names = "--collection", paramLabel = "DB.NAME", description = "The collection.")
  public String collection;

  @Option(names = "--all", description = "Every collection of every database.")
  public boolean all;

  @Option(names = "--compact", description = "Compact segments first (rewrite mostly deleted"
      + " ones, merge small ones).")
  public boolean compact;

  @Option(names = "--max-age", paramLabel = "DURATION", description = "Override "
      + RetentionPolicy.MAX_AGE + " (the time-travel window) for this run, e.g. 15m or 6h.")
  public String maxAge;

  @Option(names = "--orphan-grace", paramLabel = "DURATION", description = "Override "
      + RetentionPolicy.ORPHAN_GRACE + " for this run, e.g. 3d.")
  public String orphanGrace;

  @Option(names = "--retired-grace", paramLabel = "DURATION", description = "Override "
      + RetentionPolicy.RETIRED_GRACE + " for this run, e.g. 1h.")
  public String retiredGrace;

  @Override
  public Integer call() throws Exception {
    if (all == (collection != null)) {
      throw new IllegalArgumentException("give either --collection DB.NAME or --all");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Warehouse wh = warehouse.open()) {
      for (CollectionId id : targets(wh)) {
        Collection c = wh.loadCollection(id);
        if (compact) {
          out.printf("compacted %s: %s%n", id, compact(wh, c));
        }
        MaintenanceReport report =
            Maintenance.run(c, MaintenanceOptions.defaults().withPolicy(policy(c)));
        out.printf("maintained %s: %s%n", id, report.summary());
      }
    }
    return 0;
  }

  /** Compacts a collection; returns a line saying what changed. */
  protected String compact(Warehouse wh, Collection c) throws Exception {
    return Maintenance.compact(c, MaintenanceOptions.defaults()) + " segments rewritten";
  }

  private RetentionPolicy policy(Collection c) {
    RetentionPolicy policy = Maintenance.policy(c);
    if (maxAge != null) {
      policy = policy.withMaxAge(RetentionPolicy.parseDuration("--max-age", maxAge));
    }
    if (orphanGrace != null) {
      policy = policy.withOrphanGrace(RetentionPolicy.parseDuration("--orphan-grace", orphanGrace));
    }
    if (retiredGrace != null) {
      policy = policy.withRetiredGrace(
          RetentionPolicy.parseDuration("--retired-grace", retiredGrace));
    }
    return policy;
  }

  private List<CollectionId> targets(Warehouse wh) {
    if (!all) {
      return List.of(CollectionId.parse(collection));
    }
    List<CollectionId> ids = new ArrayList<>();
    for (String db : wh.listDatabases()) {
      ids.addAll(wh.listCollections(db));
    }
    return ids;
  }
}
