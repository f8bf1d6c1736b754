package io.vectorlake.examples.soak;

import io.vectorlake.catalog.wal.WalOp;
import java.util.SplittableRandom;

/**
 * The Flink writer's ops: op {@code i} is a pure function of the seed and {@code i}, so the job
 * can regenerate any op after a restore and the model can list them without a log. Every fourth
 * op inserts a fresh key (one in five into the second partition); the others upsert (into either
 * partition) or delete a key inserted before, half the time one of the last 64, so keys repeat.
 */
public final class FlinkOps {
  static final int DIMENSION = 8;

  private final long seed;

  public FlinkOps(long seed) {
    this.seed = seed;
  }

  public SoakOp op(long i) {
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
    if (i % 4 == 0) {
      long key = i / 4;
      return new SoakOp(i, WalOp.INSERT, key, partitionOf(random), i, vector(random));
    }
    long inserted = i / 4 + 1; // keys 0 .. inserted-1 exist already (inserted at ops 0, 4, ...)
    long key = random.nextBoolean() && inserted > 64
        ? inserted - 1 - random.nextLong(64)
        : random.nextLong(inserted);
    if (random.nextInt(10) < 7) {
      return new SoakOp(i, WalOp.UPSERT, key, partitionOf(random), i, vector(random));
    }
    return new SoakOp(i, WalOp.DELETE, key, null, i, null);
  }

  private static String partitionOf(SplittableRandom random) {
    return random.nextInt(5) == 0 ? SoakCollection.SECOND_PARTITION : SoakCollection.DEFAULT_PARTITION;
  }

  static float[] vector(SplittableRandom random) {
    float[] v = new float[DIMENSION];
    for (int d = 0; d < v.length; d++) {
      v[d] = (float) random.nextDouble();
    }
    return v;
  }
}
