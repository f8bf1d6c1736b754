package io.vectorlake.catalog.expr;

import java.util.Arrays;

/**
 * A fixed-size bitset over the row ordinals of a batch, word-at-a-time; shaped like jvector's
 * {@code Bits} ({@code get(int)}) so search can use it as the accept-ordinals filter.
 */
public final class FilterBits {
  private final long[] words;
  private final int size;

  public FilterBits(int size) {
    if (size < 0) {
      throw new IllegalArgumentException("bitset size must be >= 0, got " + size);
    }
    this.size = size;
    this.words = new long[(size + 63) >>> 6];
  }

  /** All bits in [0, size) set. */
  public static FilterBits allSet(int size) {
    FilterBits bits = new FilterBits(size);
    Arrays.fill(bits.words, -1L);
    bits.clearTail();
    return bits;
  }

  public int size() {
    return size;
  }

  public boolean get(int index) {
    return (words[index >>> 6] & (1L << index)) != 0;
  }

  public void set(int index) {
    words[index >>> 6] |= 1L << index;
  }

  public void set(int index, boolean value) {
    if (value) {
      words[index >>> 6] |= 1L << index;
    } else {
      words[index >>> 6] &= ~(1L << index);
    }
  }

  public int cardinality() {
    int count = 0;
    for (long word : words) {
      count += Long.bitCount(word);
    }
    return count;
  }

  /** In place: this &= other. */
  public FilterBits and(FilterBits other) {
    for (int i = 0; i < words.length; i++) {
      words[i] &= other.words[i];
    }
    return this;
  }

  /** In place: this |= other. */
  public FilterBits or(FilterBits other) {
    for (int i = 0; i < words.length; i++) {
      words[i] |= other.words[i];
    }
    return this;
  }

  /** In place: this &= ~other. */
  public FilterBits andNot(FilterBits other) {
    for (int i = 0; i < words.length; i++) {
      words[i] &= ~other.words[i];
    }
    return this;
  }

  /** In place: flips every bit in [0, size). */
  public FilterBits not() {
    for (int i = 0; i < words.length; i++) {
      words[i] = ~words[i];
    }
    clearTail();
    return this;
  }

  public FilterBits copy() {
    FilterBits copy = new FilterBits(size);
    System.arraycopy(words, 0, copy.words, 0, words.length);
    return copy;
  }

  long[] words() {
    return words;
  }

  private void clearTail() {
    int tail = size & 63;
    if (tail != 0) {
      words[words.length - 1] &= (1L << tail) - 1;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FilterBits other && other.size == size && Arrays.equals(other.words, words);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(words) * 31 + size;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("{");
    for (int i = 0; i < size; i++) {
      if (get(i)) {
        out.append(out.length() > 1 ? ", " : "").append(i);
      }
    }
    return out.append('}').toString();
  }
}
