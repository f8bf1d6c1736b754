package io.vectorlake.serving.search;

import io.vectorlake.catalog.warehouse.PartitionSet;
import io.vectorlake.serving.load.CollectionSnapshot;
import io.vectorlake.serving.rpc.ErrorKind;
import io.vectorlake.serving.rpc.ServingException;
import java.util.BitSet;
import java.util.List;
import java.util.Set;

/**
 * Which rows of a snapshot a request may see: those in the named partitions (all when none are
 * named) that match the filter. Named partitions must exist.
 */
public record RowSelection(Set<String> partitions, RowFilter filter) {

  public static RowSelection of(String collection, CollectionSnapshot snapshot,
      List<String> partitionNames, RowFilter filter) {
    PartitionSet existing = snapshot.partitions();
    for (String name : partitionNames) {
      if (!existing.contains(name)) {
        throw new ServingException(ErrorKind.PARTITION_NOT_FOUND, "partition '" + name
            + "' does not exist in collection '" + collection + "'; its partitions are "
            + existing.names());
      }
    }
    return new RowSelection(Set.copyOf(partitionNames), filter);
  }

  public boolean isEverything() {
    return partitions.isEmpty() && filter == RowFilter.ALL;
  }

  /** The accepted live ordinals of a segment, or null when every ordinal is accepted. */
  public BitSet accepted(SegmentSearcher segment) {
    BitSet live = segment.live();
    if (isEverything()) {
      return live;
    }
    BitSet bits = filter.evaluate(segment);
    if (live != null) {
      bits.and(live);
    }
    if (!partitions.isEmpty()) {
      for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) {
        if (!partitions.contains(segment.partition(i))) {
          bits.clear(i);
        }
      }
    }
    return bits;
  }
}
