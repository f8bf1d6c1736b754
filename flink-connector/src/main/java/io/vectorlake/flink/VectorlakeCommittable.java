package io.vectorlake.flink;

import java.util.Arrays;
import java.util.Objects;

/**
 * What one checkpoint wrote, ready to commit: the serialized Iceberg manifest listing its staged
 * WAL files, and the job, operator and checkpoint it belongs to (recorded in the snapshot summary
 * so that a restarted job skips what was committed already).
 *
 * @param manifest the data files, as Iceberg-Flink's serialized {@code DeltaManifests}
 * @param ops the number of ops in those files
 */
public record VectorlakeCommittable(
    byte[] manifest, String jobId, String operatorId, long checkpointId, long ops) {

  public VectorlakeCommittable {
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(operatorId, "operatorId");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VectorlakeCommittable other
        && Arrays.equals(manifest, other.manifest)
        && jobId.equals(other.jobId)
        && operatorId.equals(other.operatorId)
        && checkpointId == other.checkpointId
        && ops == other.ops;
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(manifest), jobId, operatorId, checkpointId, ops);
  }

  @Override
  public String toString() {
    return "VectorlakeCommittable[checkpoint " + checkpointId + " of job " + jobId + ", operator "
        + operatorId + ", " + ops + " ops, manifest " + manifest.length + " bytes]";
  }
}
