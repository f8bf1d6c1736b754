package io.vectorlake.catalog.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CollectionSchemaTest {

  @Test
  void schemaRoundTripsThroughJson() {
    CollectionSchema schema = TestSchemas.everyFieldType();
    assertEquals(schema, SchemaJson.fromJson(SchemaJson.toJson(schema)));
  }

  @Test
  void defaultValuesAreCanonicalized() {
    CollectionSchema schema = TestSchemas.everyFieldType();
    assertEquals(7, schema.requireField("i8").defaultValue());
    assertEquals(-1L, schema.requireField("i64").defaultValue());
    assertEquals(0.5f, schema.requireField("f").defaultValue());
  }

  @Test
  void typeNamesParseAsMilvusSpellsThem() {
    assertEquals(DataType.FLOAT_VECTOR, DataType.parse("FloatVector"));
    assertEquals(DataType.INT64, DataType.parse("Int64"));
    assertEquals(DataType.VARCHAR, DataType.parse("VarChar"));
  }

  @Test
  void rejectsSchemaWithoutPrimaryKey() {
    assertMessage(
        "exactly one primary key",
        () -> CollectionSchema.builder().field(FieldSchema.floatVector("v", 2, null)).build());
  }

  @Test
  void rejectsSchemaWithTwoPrimaryKeys() {
    assertMessage(
        "exactly one primary key field, got 2",
        () ->
            CollectionSchema.builder()
                .field(FieldSchema.primaryKey("a", DataType.INT64))
                .field(FieldSchema.primaryKey("b", DataType.INT64))
                .field(FieldSchema.floatVector("v", 2, null))
                .build());
  }

  @Test
  void rejectsSchemaWithoutVectorField() {
    assertMessage(
        "1 to 4 vector fields, got 0",
        () -> CollectionSchema.builder().field(FieldSchema.primaryKey("id", DataType.INT64)).build());
  }

  @Test
  void rejectsFieldNamesDifferingOnlyInCase() {
    assertMessage(
        "field 'ID' is declared twice",
        () ->
            CollectionSchema.builder()
                .field(FieldSchema.primaryKey("id", DataType.INT64))
                .field(FieldSchema.builder("ID", DataType.INT32))
                .field(FieldSchema.floatVector("v", 2, null))
                .build());
  }

  @Test
  void rejectsBadShardCount() {
    assertMessage(
        "shards must be in [1, 16], got 0",
        () ->
            CollectionSchema.builder()
                .field(FieldSchema.primaryKey("id", DataType.INT64))
                .field(FieldSchema.floatVector("v", 2, null))
                .shards(0)
                .build());
  }

  @Test
  void fieldRulesNameTheFieldAndTheRule() {
    assertMessage(
        "field 'pk': a primary key must be INT64 or VARCHAR, got FLOAT",
        () -> FieldSchema.primaryKey("pk", DataType.FLOAT).build());
    assertMessage(
        "field 'id': a primary key cannot be nullable",
        () -> FieldSchema.primaryKey("id", DataType.INT64).nullable(true).build());
    assertMessage(
        "field 'v': dim must be in [1, 32768], got 40000",
        () -> FieldSchema.floatVector("v", 40000, MetricType.L2));
    assertMessage(
        "field 'v': dim must be in [1, 32768], got 0",
        () -> FieldSchema.builder("v", DataType.FLOAT_VECTOR).build());
    assertMessage(
        "field 's': max_length must be in [1, 65535], got 0",
        () -> FieldSchema.builder("s", DataType.VARCHAR).build());
    assertMessage(
        "field 'n': max_length applies only to VARCHAR",
        () -> FieldSchema.builder("n", DataType.INT32).maxLength(3).build());
    assertMessage(
        "field 'a': an ARRAY field needs an element type",
        () -> FieldSchema.builder("a", DataType.ARRAY).maxCapacity(3).build());
    assertMessage(
        "field 'a': ARRAY elements must be BOOL, INT8..INT64, FLOAT, DOUBLE or VARCHAR, got JSON",
        () -> FieldSchema.builder("a", DataType.ARRAY).elementType(DataType.JSON).maxCapacity(3)
            .build());
    assertMessage(
        "field 'a': max_capacity must be in [1, 4096], got 5000",
        () -> FieldSchema.builder("a", DataType.ARRAY).elementType(DataType.INT32).maxCapacity(5000)
            .build());
    assertMessage(
        "field 'j': JSON fields cannot have a default value",
        () -> FieldSchema.builder("j", DataType.JSON).defaultValue("{}").build());
    assertMessage(
        "field 'x': autoId applies only to the primary key",
        () -> FieldSchema.builder("x", DataType.INT64).autoId(true).build());
    assertMessage(
        "field 'v': a vector field cannot be nullable",
        () -> FieldSchema.builder("v", DataType.FLOAT_VECTOR).dim(2).nullable(true).build());
    assertMessage(
        "field name '1abc' must start with a letter or '_'",
        () -> FieldSchema.builder("1abc", DataType.INT32).build());
    assertMessage(
        "default value: field 'small' expects INT8, got String x",
        () -> FieldSchema.builder("small", DataType.INT8).defaultValue("x").build());
    assertMessage(
        "default value: field 'small': value 300 is out of range for INT8",
        () -> FieldSchema.builder("small", DataType.INT8).defaultValue(300).build());
  }

  @Test
  void jsonSchemaRejectsUnknownKeysAndTypes() {
    assertMessage(
        "field 'id': unknown key 'primary'",
        () -> SchemaJson.fromJson(
            "{\"fields\":[{\"name\":\"id\",\"type\":\"INT64\",\"primary\":true}]}"));
    assertMessage(
        "unknown data type 'Int65'",
        () -> SchemaJson.fromJson("{\"fields\":[{\"name\":\"id\",\"type\":\"Int65\"}]}"));
    assertMessage(
        "schema format 9 is newer",
        () -> SchemaJson.fromJson("{\"format\":9,\"fields\":[]}"));
  }

  @Test
  void jsonSchemaAcceptsMilvusStyleTypeNames() {
    CollectionSchema schema =
        SchemaJson.fromJson(
            "{\"shards\":2,\"fields\":["
                + "{\"name\":\"id\",\"type\":\"VarChar\",\"maxLength\":64,\"primaryKey\":true,"
                + "\"autoId\":true},"
                + "{\"name\":\"v\",\"type\":\"FloatVector\",\"dim\":8,\"metric\":\"ip\"}]}");
    assertEquals(DataType.VARCHAR, schema.primaryKey().type());
    assertTrue(schema.primaryKey().autoId());
    assertEquals(List.of(MetricType.IP), schema.vectorFields().stream().map(FieldSchema::metric).toList());
    assertEquals(2, schema.shards());
  }

  static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(
        e.getMessage().contains(expected),
        () -> "expected a message containing <" + expected + "> but was <" + e.getMessage() + ">");
  }
}
