package io.vectorlake.flink;

import java.io.Serializable;

/**
 * Turns one element of a job's stream into the op the sink writes; the mapping a DataStream user
 * supplies for their own type. Returning null skips the element (as the sink does with {@code -U}
 * rows of a changelog, which the following {@code +U} supersedes).
 */
@FunctionalInterface
public interface VectorlakeRecordConverter<T> extends Serializable {
  VectorlakeRecord convert(T element);

  /**
   * The element's primary key as given, for routing it to its shard's writer; null when it has
   * none (an auto-id insert) or is skipped. Override when the key is cheaper to get than the op.
   */
  default Object rawPrimaryKey(T element, String primaryKeyField) {
    VectorlakeRecord record = convert(element);
    return record == null ? null : record.rawPrimaryKey(primaryKeyField);
  }

  /** The identity mapping, for streams that already hold {@link VectorlakeRecord}s. */
  static VectorlakeRecordConverter<VectorlakeRecord> identity() {
    return record -> record;
  }
}
