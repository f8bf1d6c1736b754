package io.vectorlake.catalog.warehouse;

import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.exceptions.CommitFailedException;

/**
 * A compare-and-swap of a table's properties. Iceberg's own {@code updateProperties()} re-applies
 * the same values when it retries after a conflict, which is wrong for a counter; this re-reads the
 * table and recomputes the change on every attempt, and commits only against the metadata it read.
 */
final class TablePropertiesUpdate {
  private static final int MAX_ATTEMPTS = 50;

  private TablePropertiesUpdate() {}

  /** Applies {@code change} to the newest properties and commits; returns the properties it set. */
  static Map<String, String> apply(Table table, UnaryOperator<Map<String, String>> change) {
    TableOperations ops = ((HasTableOperations) table).operations();
    CommitFailedException last = null;
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      TableMetadata base = ops.refresh();
      Map<String, String> next = change.apply(base.properties());
      if (next.equals(base.properties())) {
        return next;
      }
      try {
        ops.commit(base, base.replaceProperties(next));
        table.refresh();
        return next;
      } catch (CommitFailedException e) {
        last = e;
        sleepBeforeRetry(attempt);
      }
    }
    throw new CommitFailedException(
        last, "gave up updating properties of %s after %d conflicts", table.name(), MAX_ATTEMPTS);
  }

  private static void sleepBeforeRetry(int attempt) {
    try {
      Thread.sleep(Math.min(200, 5L << Math.min(attempt, 5)) + (long) (Math.random() * 10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommitFailedException(e, "interrupted while retrying a property update");
    }
  }
}
