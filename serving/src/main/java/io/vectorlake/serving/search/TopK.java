package io.vectorlake.serving.search;

/**
 * The k best hits seen so far, as a bounded heap whose root is the worst kept hit. Scores are
 * "higher is better" here ({@link ScoreConvention} turns metric values into this form and back);
 * a hit is a {@code long} reference (segment index in the high half, row ordinal in the low half).
 * Ties keep the smaller reference, so results do not depend on thread scheduling. The heap grows
 * with the hits offered, so a large k over few rows costs only what those rows need.
 */
public final class TopK {
  private static final int INITIAL_CAPACITY = 16;

  private final int k;
  private float[] scores;
  private long[] refs;
  private int size;

  public TopK(int k) {
    if (k < 0) {
      throw new IllegalArgumentException("k must be >= 0, got " + k);
    }
    this.k = k;
    this.scores = new float[0];
    this.refs = new long[0];
  }

  public static long ref(int segment, int ordinal) {
    return ((long) segment << 32) | (ordinal & 0xffffffffL);
  }

  public static int segment(long ref) {
    return (int) (ref >>> 32);
  }

  public static int ordinal(long ref) {
    return (int) ref;
  }

  public int size() {
    return size;
  }

  /** The score a candidate must beat to enter (negative infinity until full). */
  public float threshold() {
    return size < k ? Float.NEGATIVE_INFINITY : scores[0];
  }

  public void offer(float score, long ref) {
    if (k == 0) {
      return;
    }
    if (size < k) {
      if (size == scores.length) {
        grow();
      }
      scores[size] = score;
      refs[size] = ref;
      siftUp(size++);
    } else if (better(score, ref, scores[0], refs[0])) {
      scores[0] = score;
      refs[0] = ref;
      siftDown(0);
    }
  }

  private void grow() {
    int capacity = (int) Math.min(k, Math.max(INITIAL_CAPACITY, 2L * scores.length));
    scores = java.util.Arrays.copyOf(scores, capacity);
    refs = java.util.Arrays.copyOf(refs, capacity);
  }

  public void addAll(TopK other) {
    for (int i = 0; i < other.size; i++) {
      offer(other.scores[i], other.refs[i]);
    }
  }

  /** The kept hits, best first: scores in {@code outScores}, references returned. */
  public long[] sorted(float[] outScores) {
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> better(scores[a], refs[a], scores[b], refs[b]) ? -1
        : better(scores[b], refs[b], scores[a], refs[a]) ? 1 : 0);
    long[] out = new long[size];
    for (int i = 0; i < size; i++) {
      out[i] = refs[order[i]];
      outScores[i] = scores[order[i]];
    }
    return out;
  }

  private static boolean better(float s1, long r1, float s2, long r2) {
    return s1 > s2 || (s1 == s2 && r1 < r2);
  }

  private void siftUp(int i) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!better(scores[parent], refs[parent], scores[i], refs[i])) {
        return;
      }
      swap(i, parent);
      i = parent;
    }
  }

  private void siftDown(int i) {
    while (true) {
      int left = 2 * i + 1;
      if (left >= size) {
        return;
      }
      int worst = left;
      int right = left + 1;
      if (right < size && better(scores[left], refs[left], scores[right], refs[right])) {
        worst = right;
      }
      if (!better(scores[i], refs[i], scores[worst], refs[worst])) {
        return;
      }
      swap(i, worst);
      i = worst;
    }
  }

  private void swap(int a, int b) {
    float s = scores[a];
    scores[a] = scores[b];
    scores[b] = s;
    long r = refs[a];
    refs[a] = refs[b];
    refs[b] = r;
  }
}
