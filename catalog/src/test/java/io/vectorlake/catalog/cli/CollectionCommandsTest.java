package io.vectorlake.catalog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vectorlake.catalog.schema.DataType;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CollectionCommandsTest {
  @TempDir Path dir;

  private record Result(int exitCode, String out, String err) {}

  private Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = CollectionCommands.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    List<String> all = new ArrayList<>(List.of(args));
    if (!all.contains("--help") && all.size() > 0) {
      all.add("--warehouse");
      all.add(dir.resolve("wh").toString());
    }
    int code = cli.execute(all.toArray(String[]::new));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void createDescribeListDrop() {
    Result created =
        run("create", "--collection", "shop.items", "--shards", "2", "--dynamic",
            "--field", "id:INT64:pk:auto_id",
            "--field", "emb:FLOAT_VECTOR:dim=8:metric=COSINE",
            "--field", "title:VARCHAR:max_length=64:default=untitled",
            "--field", "tags:ARRAY:element=VARCHAR:max_length=8:max_capacity=4:nullable",
            "--partition", "spring");
    assertEquals(0, created.exitCode(), created.err());
    assertTrue(created.out().contains("created shop.items: 4 fields, 2 shards, partitions [_default, spring]"),
        created.out());

    Result described = run("describe", "--collection", "shop.items", "--count");
    assertEquals(0, described.exitCode(), described.err());
    assertTrue(described.out().contains("dim=8 metric=COSINE"), described.out());
    assertTrue(described.out().contains("primary key (auto id)"), described.out());
    assertTrue(described.out().contains("default=untitled"), described.out());
    assertTrue(described.out().contains("rows         0"), described.out());

    assertEquals("shop.items\n", run("list").out());
    assertEquals("", run("list", "--database", "default").out());
    assertEquals(0, run("drop", "--collection", "shop.items").exitCode());
    assertEquals("", run("list").out());
  }

  @Test
  void describeJsonFeedsCreateSchema() throws Exception {
    run("create", "--collection", "a", "--field", "id:VARCHAR:pk:max_length=32",
        "--field", "v:FLOAT_VECTOR:dim=3");
    String json = run("describe", "--collection", "a", "--json").out();
    Path schemaFile = dir.resolve("schema.json");
    Files.writeString(schemaFile, json);
    assertEquals(0, run("create", "--collection", "b", "--schema", schemaFile.toString()).exitCode());
    assertEquals(json, run("describe", "--collection", "b", "--json").out());
  }

  @Test
  void badInputIsOneClearLineAndExitCode2() {
    Result missing = run("describe", "--collection", "nope");
    assertEquals(2, missing.exitCode());
    assertEquals("error: collection 'default.nope' does not exist", missing.err().trim());

    Result badDim = run("create", "--collection", "x", "--field", "id:INT64:pk",
        "--field", "v:FLOAT_VECTOR:dim=0");
    assertEquals(2, badDim.exitCode());
    assertTrue(badDim.err().contains("field 'v': dim must be in [1, 32768], got 0"), badDim.err());

    Result badOption = run("create", "--collection", "x", "--field", "id:INT64:pk:size=3");
    assertEquals(2, badOption.exitCode());
    assertTrue(badOption.err().contains("unknown option 'size'"), badOption.err());

    assertEquals(2, run("drop", "--collection", "x").exitCode());
    assertEquals(0, run("drop", "--collection", "x", "--if-exists").exitCode());
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : List.of("create", "describe", "list", "drop")) {
      Result help = run(command, "--help");
      assertEquals(0, help.exitCode());
      assertTrue(help.out().contains("Usage: vectorlake " + command), help.out());
    }
  }

  @Test
  void fieldSpecsParseEveryOption() {
    assertEquals(
        FieldSchema.builder("s", DataType.ARRAY).elementType(DataType.INT32).maxCapacity(5)
            .nullable(true).description("scores").build(),
        FieldSpec.parse("s:ARRAY:element=INT32:max_capacity=5:nullable:description=scores"));
    assertEquals(FieldSchema.floatVector("v", 16, MetricType.IP), FieldSpec.parse("v:FloatVector:dim=16:metric=ip"));
    assertEquals(3L, FieldSpec.parse("n:INT64:default=3").defaultValue());
  }
}
