package io.vectorlake.catalog.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.hadoop.HadoopFileIO;
import org.apache.iceberg.io.FileInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileListingTest {
  @TempDir Path dir;

  /** The local walk finds what Hadoop's own listing finds, in a form HadoopFileIO deletes. */
  @Test
  void localListingMatchesHadoopsAndItsLocationsDelete() throws Exception {
    Files.createDirectories(dir.resolve("data/shard=0"));
    Files.createDirectories(dir.resolve("data/shard=1/deep"));
    Files.write(dir.resolve("data/shard=0/a.parquet"), new byte[10]);
    Files.write(dir.resolve("data/shard=1/deep/b.parquet"), new byte[3]);
    Files.write(dir.resolve("data/top.parquet"), new byte[7]);
    Files.write(dir.resolve("data/.top.parquet.crc"), new byte[4]); // as Hadoop writes beside it
    HadoopFileIO io = new HadoopFileIO(new Configuration());

    for (String prefix : List.of("file:" + dir + "/data/", dir + "/data/")) {
      List<FileInfo> ours = FileListing.list(io, prefix).orElseThrow();
      List<FileInfo> hadoops = new java.util.ArrayList<>();
      io.listPrefix(prefix).forEach(hadoops::add);
      assertEquals(sizes(hadoops), sizes(ours), prefix);
      for (FileInfo f : ours) {
        assertTrue(Math.abs(f.createdAtMillis() - System.currentTimeMillis()) < 600_000);
      }
    }
    FileInfo any = FileListing.list(io, dir + "/data/").orElseThrow().get(0);
    io.deleteFile(any.location());
    assertFalse(io.newInputFile(any.location()).exists());
    assertEquals(2, FileListing.list(io, dir + "/data/").orElseThrow().size());
  }

  /** Review of issue 11's change: a bare path on an HDFS default file system is HDFS's. */
  @Test
  void onlyLocalLocationsAreWalkedHere() {
    Configuration hdfs = new Configuration();
    hdfs.set("fs.defaultFS", "hdfs://namenode:8020");
    HadoopFileIO local = new HadoopFileIO(new Configuration());
    assertTrue(FileListing.localPath(local, "/lake/db/t/data/").isPresent());
    assertTrue(FileListing.localPath(local, "file:///lake/db/t/data/").isPresent());
    assertFalse(FileListing.localPath(new HadoopFileIO(hdfs), "/lake/db/t/data/").isPresent());
    assertFalse(FileListing.localPath(local, "file://otherhost/lake/").isPresent());
    assertFalse(FileListing.localPath(local, "s3://bucket/lake/").isPresent());
  }

  @Test
  void aPrefixNotCreatedYetListsNothing() {
    HadoopFileIO io = new HadoopFileIO(new Configuration());
    assertEquals(List.of(), FileListing.list(io, "file:" + dir + "/nothing/").orElseThrow());
  }

  private static Map<String, Long> sizes(List<FileInfo> files) {
    Map<String, Long> out = new TreeMap<>();
    files.forEach(f -> out.put(f.location().replaceFirst("^file:/+", "/"), f.size()));
    return out;
  }
}
