package io.vectorlake.flink;

import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Writes committables into checkpoints. Version 2 adds the sink run id; version 1 committables
 * (from checkpoints of earlier Vectorlake versions) still restore, under a run id made of their job
 * and operator.
 */
public final class VectorlakeCommittableSerializer
    implements SimpleVersionedSerializer<VectorlakeCommittable> {
  private static final int VERSION = 2;

  @Override
  public int getVersion() {
    return VERSION;
  }

  @Override
  public byte[] serialize(VectorlakeCommittable committable) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(128 + committable.manifest().length);
    out.writeUTF(committable.jobId());
    out.writeUTF(committable.operatorId());
    out.writeUTF(committable.runId());
    out.writeLong(committable.checkpointId());
    out.writeLong(committable.ops());
    out.writeInt(committable.manifest().length);
    out.write(committable.manifest());
    return out.getCopyOfBuffer();
  }

  @Override
  public VectorlakeCommittable deserialize(int version, byte[] serialized) throws IOException {
    if (version != 1 && version != VERSION) {
      throw new IOException(
          "cannot read a Vectorlake committable of version " + version + "; this sink reads 1 to "
              + VERSION + " (was the checkpoint written by a newer Vectorlake?)");
    }
    DataInputDeserializer in = new DataInputDeserializer(serialized);
    String jobId = in.readUTF();
    String operatorId = in.readUTF();
    String runId = version == 1
        ? VectorlakeCommittable.versionOneRunId(jobId, operatorId) : in.readUTF();
    long checkpointId = in.readLong();
    long ops = in.readLong();
    byte[] manifest = new byte[in.readInt()];
    in.readFully(manifest);
    return new VectorlakeCommittable(manifest, jobId, operatorId, runId, checkpointId, ops);
  }
}
