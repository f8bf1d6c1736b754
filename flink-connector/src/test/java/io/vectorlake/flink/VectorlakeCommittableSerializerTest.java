package io.vectorlake.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class VectorlakeCommittableSerializerTest {
  private final VectorlakeCommittableSerializer serializer = new VectorlakeCommittableSerializer();

  @Test
  void roundTripKeepsEveryField() throws IOException {
    VectorlakeCommittable committable = new VectorlakeCommittable(
        new byte[] {1, 2, 3, 127, -128}, "job-1", "op-7", "run-a", 42L, 12_345L);
    byte[] bytes = serializer.serialize(committable);
    VectorlakeCommittable read = serializer.deserialize(serializer.getVersion(), bytes);
    assertEquals(committable, read);
    assertFalse(read.isVersionOne());
  }

  @Test
  void emptyManifestRoundTrips() throws IOException {
    VectorlakeCommittable committable =
        new VectorlakeCommittable(new byte[0], "j", "o", "r", 1, 0);
    assertEquals(committable,
        serializer.deserialize(serializer.getVersion(), serializer.serialize(committable)));
  }

  /** A checkpoint written before run ids existed still restores, marked as version 1. */
  @Test
  void versionOneCommittableReadsWithARunIdOfItsJobAndOperator() throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(64);
    out.writeUTF("job-1");
    out.writeUTF("op-7");
    out.writeLong(42L);
    out.writeLong(12_345L);
    out.writeInt(2);
    out.write(new byte[] {5, 6});

    VectorlakeCommittable read = serializer.deserialize(1, out.getCopyOfBuffer());
    assertEquals("job-1", read.jobId());
    assertEquals("op-7", read.operatorId());
    assertEquals(42L, read.checkpointId());
    assertEquals(12_345L, read.ops());
    assertArrayEquals(new byte[] {5, 6}, read.manifest());
    assertTrue(read.isVersionOne());
    assertEquals(VectorlakeCommittable.versionOneRunId("job-1", "op-7"), read.runId());
  }

  @Test
  void unknownVersionIsRefusedWithTheVersionsNamed() {
    IOException e = assertThrows(IOException.class, () -> serializer.deserialize(9, new byte[0]));
    assertTrue(e.getMessage().contains("version 9"), e.getMessage());
  }
}
