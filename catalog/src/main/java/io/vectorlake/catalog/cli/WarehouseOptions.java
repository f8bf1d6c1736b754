package io.vectorlake.catalog.cli;

import io.vectorlake.catalog.warehouse.Warehouse;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/** The options every command uses to open a warehouse; a picocli mixin. */
public final class WarehouseOptions {
  @Option(
      names = "--warehouse",
      paramLabel = "DIR|URI",
      defaultValue = "./warehouse",
      description = "Warehouse location: a local directory (the embedded default) or a URI such"
          + " as s3://bucket/path with a catalog given by --conf. Default: ${DEFAULT-VALUE}.")
  String location;

  @Option(
      names = "--conf",
      paramLabel = "KEY=VALUE",
      description = "An Iceberg catalog property (type, catalog-impl, uri, io-impl, s3.endpoint,"
          + " ...) or a Hadoop one prefixed with 'hadoop.'. Repeatable.")
  Map<String, String> conf = new LinkedHashMap<>();

  @Option(
      names = "--conf-file",
      paramLabel = "FILE",
      description = "A properties file of catalog properties; --conf entries override it.")
  Path confFile;

  /** The catalog properties these options describe. */
  public Map<String, String> properties() {
    Map<String, String> props = new LinkedHashMap<>();
    if (confFile != null) {
      Properties file = new Properties();
      try (Reader reader = Files.newBufferedReader(confFile)) {
        file.load(reader);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read --conf-file " + confFile, e);
      }
      file.stringPropertyNames().forEach(k -> props.put(k, file.getProperty(k)));
    }
    props.putAll(conf);
    props.putIfAbsent("warehouse", location);
    return props;
  }

  public Warehouse open() {
    return Warehouse.open(properties());
  }
}
