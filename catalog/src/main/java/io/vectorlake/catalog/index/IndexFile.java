package io.vectorlake.catalog.index;

/** A file of a segment, with the size and CRC32 it had when written, to detect damage on load. */
public record IndexFile(String name, long size, long crc32) implements java.io.Serializable {}
