package io.vectorlake.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class VectorlakeCommittableSerializerTest {
  private final VectorlakeCommittableSerializer serializer = new VectorlakeCommittableSerializer();

  @Test
  void roundTripKeepsEveryField() throws IOException {
    VectorlakeCommittable committable =
        new VectorlakeCommittable(new byte[] {1, 2, 3, 127, -128}, "job-1", "op-7", 42L, 12_345L);
    byte[] bytes = serializer.serialize(committable);
    assertEquals(committable, serializer.deserialize(serializer.getVersion(), bytes));
  }

  @Test
  void emptyManifestRoundTrips() throws IOException {
    VectorlakeCommittable committable = new VectorlakeCommittable(new byte[0], "j", "o", 1, 0);
    assertEquals(committable,
        serializer.deserialize(1, serializer.serialize(committable)));
  }

  @Test
  void unknownVersionIsRefusedWithTheVersionsNamed() {
    IOException e = assertThrows(IOException.class, () -> serializer.deserialize(9, new byte[0]));
    assertTrue(e.getMessage().contains("version 9"), e.getMessage());
  }
}
