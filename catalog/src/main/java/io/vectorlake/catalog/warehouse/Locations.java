package io.vectorlake.catalog.warehouse;

/** Storage locations as maintenance compares them: one spelling for each file. */
public final class Locations {
  private Locations() {}

  /**
   * {@code location} without the spellings that differ for the same local file ({@code file:/x},
   * {@code file:///x} and {@code /x}: Hadoop lists one, Iceberg's metadata keeps another) and
   * without a trailing slash. Other schemes are left as they are.
   */
  public static String comparable(String location) {
    String l = location.replaceFirst("^file:/+", "/");
    return l.length() > 1 && l.endsWith("/") ? l.substring(0, l.length() - 1) : l;
  }
}
