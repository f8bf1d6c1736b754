package io.vectorlake.catalog.wal;

import java.io.Serializable;
import java.util.List;
import org.apache.iceberg.DataFile;

/**
 * WAL files written but not yet committed, with the primary key of each op in batch order. Data
 * files are serializable, so a staged batch can travel from a Spark task or a Flink writer to the
 * one place that commits.
 */
public record StagedWal(List<DataFile> files, List<Object> primaryKeys) implements Serializable {
  public StagedWal {
    files = List.copyOf(files);
    primaryKeys = List.copyOf(primaryKeys);
  }
}
