package io.vectorlake.catalog.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LocationsTest {
  @Test
  void everySpellingOfALocalFileComparesEqual() {
    for (String spelling : new String[] {"/w/db/t/data/a.parquet", "file:/w/db/t/data/a.parquet",
        "file:///w/db/t/data/a.parquet"}) {
      assertEquals("/w/db/t/data/a.parquet", Locations.comparable(spelling), spelling);
    }
    assertEquals("/w/db/t/segments/s1", Locations.comparable("file:/w/db/t/segments/s1/"));
    assertEquals("/", Locations.comparable("file:///"));
  }

  @Test
  void objectStoreLocationsKeepTheirScheme() {
    assertEquals("s3://bucket/w/db/t/metadata", Locations.comparable("s3://bucket/w/db/t/metadata/"));
    assertEquals("s3a://bucket/x", Locations.comparable("s3a://bucket/x"));
  }
}
