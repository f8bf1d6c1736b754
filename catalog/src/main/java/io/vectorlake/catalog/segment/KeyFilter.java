package io.vectorlake.catalog.segment;

import io.vectorlake.catalog.index.CorruptIndexException;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * A segment's primary-key filter: a Bloom filter that says a key is certainly not in the segment,
 * or may be. Its file has a header (magic, version) and a CRC32 footer over everything before it,
 * so a damaged file is detected instead of answering wrongly.
 */
public final class KeyFilter {
  static final int MAGIC = 0x564c4b46; // "VLKF"
  static final int VERSION = 1;
  private static final double FALSE_POSITIVE_RATE = 0.01;

  private final long[] words;
  private final int hashes;

  private KeyFilter(long[] words, int hashes) {
    this.words = words;
    this.hashes = hashes;
  }

  /** An empty filter sized for {@code expectedKeys} at a 1% false-positive rate. */
  public static KeyFilter forKeys(int expectedKeys) {
    int n = Math.max(1, expectedKeys);
    long bits = (long) Math.ceil(-n * Math.log(FALSE_POSITIVE_RATE) / (Math.log(2) * Math.log(2)));
    int words = (int) Math.max(1, (bits + 63) / 64);
    int hashes = Math.max(1, (int) Math.round((double) words * 64 / n * Math.log(2)));
    return new KeyFilter(new long[words], Math.min(hashes, 16));
  }

  public void add(Object key) {
    long hash = hash64(key);
    for (int i = 0; i < hashes; i++) {
      long bit = bit(hash, i);
      words[(int) (bit >>> 6)] |= 1L << bit;
    }
  }

  /** False when the key is certainly absent; true when it may be present. */
  public boolean mayContain(Object key) {
    long hash = hash64(key);
    for (int i = 0; i < hashes; i++) {
      long bit = bit(hash, i);
      if ((words[(int) (bit >>> 6)] & (1L << bit)) == 0) {
        return false;
      }
    }
    return true;
  }

  /** The i-th bit of a key, by double hashing the two halves of its 64-bit hash. */
  private long bit(long hash, int i) {
    return Integer.toUnsignedLong((int) hash + i * (int) (hash >>> 32)) % ((long) words.length * 64);
  }

  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + words.length * 8 + 8);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeInt(hashes);
      out.writeInt(words.length);
      for (long word : words) {
        out.writeLong(word);
      }
      CRC32 crc = new CRC32();
      crc.update(bytes.toByteArray());
      out.writeLong(crc.getValue());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  /** Reads a filter, checking magic, version, length and checksum. */
  public static KeyFilter fromBytes(byte[] bytes, String source) throws CorruptIndexException {
    if (bytes.length < 24) {
      throw new CorruptIndexException("key filter " + source + " is truncated (" + bytes.length + " bytes)");
    }
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - 8);
    if (crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - 8, 8).getLong()) {
      throw new CorruptIndexException("key filter " + source + " does not match its checksum");
    }
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
      if (in.readInt() != MAGIC) {
        throw new CorruptIndexException(source + " is not a Vectorlake key filter");
      }
      int version = in.readInt();
      if (version > VERSION) {
        throw new CorruptIndexException(
            "key filter " + source + " has version " + version + "; this Vectorlake reads " + VERSION);
      }
      int hashes = in.readInt();
      int count = in.readInt();
      if (count < 1 || 16 + (long) count * 8 + 8 != bytes.length) {
        throw new CorruptIndexException("key filter " + source + " has a bad length");
      }
      long[] words = new long[count];
      for (int i = 0; i < count; i++) {
        words[i] = in.readLong();
      }
      return new KeyFilter(words, hashes);
    } catch (CorruptIndexException e) {
      throw e;
    } catch (IOException e) {
      throw new CorruptIndexException("key filter " + source + " cannot be read", e);
    }
  }

  /** A 64-bit hash of an INT64 or VARCHAR key (murmur3's finalizer over the value or its bytes). */
  static long hash64(Object key) {
    long h;
    if (key instanceof Long value) {
      h = value;
    } else {
      h = 0xcbf29ce484222325L;
      for (byte b : ((String) key).getBytes(StandardCharsets.UTF_8)) {
        h = (h ^ (b & 0xff)) * 0x100000001b3L;
      }
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
