package io.vectorlake.catalog.wal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The storage form of a FLOAT_VECTOR: little-endian float32 components in an Iceberg
 * {@code fixed(4 * dim)} column. See {@link WalLayout} for why this form and not a list of floats.
 */
public final class FloatVectors {
  private FloatVectors() {}

  public static byte[] toBytes(float[] vector) {
    ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(vector);
    return buffer.array();
  }

  public static float[] fromBytes(byte[] bytes) {
    return fromBytes(ByteBuffer.wrap(bytes));
  }

  public static float[] fromBytes(ByteBuffer bytes) {
    float[] vector = new float[bytes.remaining() / Float.BYTES];
    bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
    return vector;
  }
}
