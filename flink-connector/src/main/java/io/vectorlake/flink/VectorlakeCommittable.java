package io.vectorlake.flink;

import java.util.Arrays;
import java.util.Objects;

/**
 * What one checkpoint of one sink run wrote, ready to commit: the serialized Iceberg manifest
 * listing its staged WAL files, and whose it is. The run id tells this checkpoint apart from a
 * checkpoint of the same id in another run: a job restarted without state, restored from an older
 * savepoint or deployed again under the same job id numbers its checkpoints from a lower id again,
 * and a second sink on the collection has ids of its own.
 *
 * @param manifest the data files, as Iceberg-Flink's serialized {@code DeltaManifests}
 * @param runId a UUID the sink's aggregator draws each time it starts, so new checkpoints of a
 *     restored job never share it, while committables restored from a checkpoint keep theirs; for
 *     committables restored from a checkpoint of a Vectorlake that had no run ids, {@link
 *     #versionOneRunId}
 * @param ops the number of ops in those files
 */
public record VectorlakeCommittable(
    byte[] manifest, String jobId, String operatorId, String runId, long checkpointId, long ops) {
  private static final String VERSION_ONE = "v1-";

  public VectorlakeCommittable {
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(operatorId, "operatorId");
    Objects.requireNonNull(runId, "runId");
  }

  /** The run id of a version 1 committable, which knew only its job and operator. */
  static String versionOneRunId(String jobId, String operatorId) {
    return VERSION_ONE + jobId + "-" + operatorId;
  }

  /** Whether this came from a checkpoint of a Vectorlake that recorded commits in snapshots. */
  boolean isVersionOne() {
    return runId.startsWith(VERSION_ONE);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VectorlakeCommittable other
        && Arrays.equals(manifest, other.manifest)
        && jobId.equals(other.jobId)
        && operatorId.equals(other.operatorId)
        && runId.equals(other.runId)
        && checkpointId == other.checkpointId
        && ops == other.ops;
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(manifest), jobId, operatorId, runId, checkpointId, ops);
  }

  @Override
  public String toString() {
    return "VectorlakeCommittable[checkpoint " + checkpointId + " of sink run " + runId + " (job "
        + jobId + ", operator " + operatorId + "), " + ops + " ops, manifest " + manifest.length
        + " bytes]";
  }
}
