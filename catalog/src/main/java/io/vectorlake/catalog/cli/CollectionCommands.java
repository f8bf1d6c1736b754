package io.vectorlake.catalog.cli;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.SchemaJson;
import io.vectorlake.catalog.view.CollectionView;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.NoSuchCollectionException;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.iceberg.Snapshot;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bin/vectorlake create|describe|list|drop}: managing the collections of a warehouse. */
@Command(
    name = "vectorlake",
    mixinStandardHelpOptions = true,
    description = "Manage the collections of a Vectorlake warehouse.",
    subcommands = {
      CollectionCommands.Create.class,
      CollectionCommands.Describe.class,
      CollectionCommands.ListCollections.class,
      CollectionCommands.Drop.class,
      MaintainCommand.class
    })
public final class CollectionCommands {
  @Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with Vectorlake's error handling: user errors print one line, exit 2. */
  public static CommandLine commandLine() {
    return withUserErrors(new CommandLine(new CollectionCommands()));
  }

  /** Makes bad input (IllegalArgumentException and friends) a one-line message and exit code 2. */
  public static CommandLine withUserErrors(CommandLine commandLine) {
    return commandLine.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          if (e instanceof IllegalArgumentException || e instanceof NoSuchCollectionException
              || e instanceof io.vectorlake.catalog.warehouse.CollectionExistsException) {
            cmd.getErr().println(cmd.getColorScheme().errorText("error: " + e.getMessage()));
            return 2;
          }
          throw e;
        });
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create a collection from --schema FILE (JSON) or --field specs.")
  static final class Create implements Callable<Integer> {
    @Mixin WarehouseOptions warehouse;
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--collection", required = true, paramLabel = "DB.NAME",
        description = "The collection to create (database 'default' when no DB is given).")
    String collection;

    @Option(names = "--schema", paramLabel = "FILE",
        description = "A JSON schema file (the format 'describe --json' prints).")
    Path schemaFile;

    @Option(names = "--field", paramLabel = "SPEC",
        description = "A field: " + FieldSpec.SYNTAX + ". Repeatable, in order.")
    List<String> fields = new ArrayList<>();

    @Option(names = "--shards", defaultValue = "1", description = "Number of shards (1..16).")
    int shards;

    @Option(names = "--dynamic", description = "Keep undeclared keys in the dynamic field $meta.")
    boolean dynamic;

    @Option(names = "--description", defaultValue = "", description = "A description.")
    String description;

    @Option(names = "--partition", paramLabel = "NAME",
        description = "A partition to create besides _default. Repeatable.")
    List<String> partitions = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      CollectionSchema schema = schema();
      try (Warehouse wh = warehouse.open()) {
        Collection created = wh.createCollection(CollectionId.parse(collection), schema);
        for (String partition : partitions) {
          created.createPartition(partition);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("created %s: %d fields, %d shards, partitions %s%n", created.id(),
            schema.fields().size(), schema.shards(), created.partitionNames());
      }
      return 0;
    }

    private CollectionSchema schema() throws Exception {
      if (schemaFile != null) {
        if (!fields.isEmpty()) {
          throw new IllegalArgumentException("give either --schema or --field, not both");
        }
        return SchemaJson.fromJson(Files.readString(schemaFile));
      }
      if (fields.isEmpty()) {
        throw new IllegalArgumentException(
            "a collection needs a schema: --schema FILE or one --field per field, e.g."
                + " --field id:INT64:pk --field emb:FLOAT_VECTOR:dim=128:metric=L2");
      }
      CollectionSchema.Builder builder =
          CollectionSchema.builder().shards(shards).enableDynamicField(dynamic).description(description);
      fields.forEach(f -> builder.field(FieldSpec.parse(f)));
      return builder.build();
    }
  }

  @Command(name = "describe", mixinStandardHelpOptions = true,
      description = "Show a collection's schema, partitions and WAL state.")
  static final class Describe implements Callable<Integer> {
    @Mixin WarehouseOptions warehouse;
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--collection", required = true, paramLabel = "DB.NAME")
    String collection;

    @Option(names = "--json", description = "Print only the schema as JSON (input for create --schema).")
    boolean json;

    @Option(names = "--count", description = "Also count the visible rows (reads the whole WAL).")
    boolean count;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Warehouse wh = warehouse.open()) {
        Collection c = wh.loadCollection(CollectionId.parse(collection));
        CollectionSchema schema = c.schema();
        if (json) {
          out.println(SchemaJson.toJson(schema));
          return 0;
        }
        out.printf("collection   %s%n", c.id());
        if (!schema.description().isEmpty()) {
          out.printf("description  %s%n", schema.description());
        }
        out.printf("shards       %d%n", schema.shards());
        out.printf("dynamic      %s%n", schema.enableDynamicField());
        out.printf("partitions   %s%n", c.partitionNames());
        Snapshot snapshot = c.walSnapshot();
        out.printf("wal          %s%n", c.walTable().location());
        out.printf("wal position %d%s%n", snapshot == null ? 0 : snapshot.sequenceNumber(),
            snapshot == null ? " (empty)" : " (snapshot " + snapshot.snapshotId() + ")");
        if (count) {
          out.printf("rows         %d%n", CollectionView.latest(c).size());
        }
        out.println("fields");
        for (FieldSchema f : schema.fields()) {
          out.printf("  %-4d %-20s %s%n", f.id(), f.name(), describe(f));
        }
      }
      return 0;
    }

    private static String describe(FieldSchema f) {
      StringBuilder s = new StringBuilder(f.type().name());
      if (f.type() == io.vectorlake.catalog.schema.DataType.ARRAY) {
        s.append('<').append(f.elementType()).append(">[").append(f.maxCapacity()).append(']');
      }
      if (f.maxLength() > 0) {
        s.append(" max_length=").append(f.maxLength());
      }
      if (f.type().isVector()) {
        s.append(" dim=").append(f.dim()).append(" metric=").append(f.metric());
      }
      if (f.primaryKey()) {
        s.append(" primary key").append(f.autoId() ? " (auto id)" : "");
      }
      if (f.nullable()) {
        s.append(" nullable");
      }
      if (f.hasDefault()) {
        s.append(" default=").append(f.defaultValue());
      }
      if (!f.description().isEmpty()) {
        s.append("  -- ").append(f.description());
      }
      return s.toString();
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List the collections, of one database or of all.")
  static final class ListCollections implements Callable<Integer> {
    @Mixin WarehouseOptions warehouse;
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--database", paramLabel = "DB", description = "Only this database.")
    String database;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Warehouse wh = warehouse.open()) {
        List<String> databases = database == null ? wh.listDatabases() : List.of(database);
        for (String db : databases) {
          for (CollectionId id : wh.listCollections(db)) {
            out.println(id);
          }
        }
      }
      return 0;
    }
  }

  @Command(name = "drop", mixinStandardHelpOptions = true,
      description = "Drop a collection and delete its files.")
  static final class Drop implements Callable<Integer> {
    @Mixin WarehouseOptions warehouse;
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--collection", required = true, paramLabel = "DB.NAME")
    String collection;

    @Option(names = "--if-exists", description = "Succeed when the collection does not exist.")
    boolean ifExists;

    @Override
    public Integer call() {
      try (Warehouse wh = warehouse.open()) {
        CollectionId id = CollectionId.parse(collection);
        if (!wh.dropCollection(id)) {
          if (!ifExists) {
            throw new NoSuchCollectionException(id);
          }
          spec.commandLine().getOut().printf("%s did not exist%n", id);
        } else {
          spec.commandLine().getOut().printf("dropped %s%n", id);
        }
      }
      return 0;
    }
  }
}
