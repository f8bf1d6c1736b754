package io.vectorlake.catalog.schema;

import static io.vectorlake.catalog.schema.CollectionSchemaTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowValidatorTest {
  private final RowValidator validator = new RowValidator(TestSchemas.everyFieldType());

  private static Map<String, Object> minimalRow() {
    Map<String, Object> row = new HashMap<>();
    row.put("id", 17L);
    row.put("emb", new float[] {1, 2, 3, 4});
    return row;
  }

  @Test
  void fillsDefaultsAndLeavesNullableFieldsAbsent() {
    Row row = validator.validate(minimalRow(), false);
    assertEquals(17L, row.get("id"));
    assertEquals(7, row.get("i8"));
    assertEquals(-1L, row.get("i64"));
    assertEquals(0.5f, row.get("f"));
    assertEquals("none", row.get("title"));
    assertNull(row.get("flag"));
    assertNull(row.get("meta"));
  }

  @Test
  void convertsValuesToCanonicalTypes() {
    Map<String, Object> input = minimalRow();
    input.put("id", 17); // an Integer key becomes a Long
    input.put("emb", List.of(1.0, 2.0, 3.0, 4.0));
    input.put("i16", (short) 3);
    input.put("d", 2.5f);
    input.put("meta", Map.of("a", List.of(1, 2)));
    input.put("tags", List.of("x", "y"));
    input.put("scores", List.of(1, 2.5));
    Row row = validator.validate(input, false);
    assertEquals(17L, row.get("id"));
    assertArrayEquals(new float[] {1, 2, 3, 4}, row.vector("emb"));
    assertEquals(3, row.get("i16"));
    assertEquals(2.5d, row.get("d"));
    assertEquals("{\"a\":[1,2]}", row.get("meta"));
    assertEquals(List.of("x", "y"), row.get("tags"));
    assertEquals(List.of(1.0f, 2.5f), row.get("scores"));
  }

  @Test
  void undeclaredKeysGoToTheDynamicField() {
    Map<String, Object> input = minimalRow();
    input.put("color", "red");
    input.put("size", 3);
    Row row = validator.validate(input, false);
    assertEquals("{\"color\":\"red\",\"size\":3}", sortedJson((String) row.get("$meta")));
  }

  @Test
  void jsonTextIsParsedAndNormalized() {
    Map<String, Object> input = minimalRow();
    input.put("meta", "{ \"a\" : 1 }");
    assertEquals("{\"a\":1}", validator.validate(input, false).get("meta"));
  }

  @Test
  void generatedKeysMustBeLeftOut() {
    Row row = validator.validate(Map.of("emb", new float[] {0, 0, 0, 1}), true);
    assertNull(row.get("id"));
    assertMessage(
        "primary key 'id' is generated (autoId); leave it out",
        () -> validator.validate(minimalRow(), true));
  }

  @Test
  void badRowsAreRejectedWithFieldRuleAndKey() {
    assertRejected("emb", new float[] {1, 2}, "vector field 'emb' expects dim 4, got 2 (row with id=17)");
    assertRejected(
        "emb", new float[] {1, Float.NaN, 0, 0},
        "vector field 'emb': component 1 is NaN; vectors must be finite");
    assertRejected(
        "emb", new float[] {1, Float.POSITIVE_INFINITY, 0, 0}, "component 1 is Infinity");
    assertRejected(
        "title", "a string much too long", "VARCHAR value is 22 bytes long, over its max_length 16");
    assertRejected("i8", 128, "field 'i8': value 128 is out of range for INT8");
    assertRejected("i32", 1.5, "field 'i32' expects INT32, got Double 1.5");
    assertRejected("flag", "yes", "field 'flag' expects BOOL, got String yes");
    assertRejected("meta", "{not json", "field 'meta': not valid JSON");
    assertRejected("tags", List.of("a", "b", "c", "d"), "ARRAY has 4 elements, over its max_capacity 3");
    assertRejected("tags", List.of("a", 1), "field 'tags[1]' expects VARCHAR, got Integer 1");
    assertRejected("tags", List.of("much too long"), "over its max_length 8");
  }

  @Test
  void missingRequiredFieldIsNamed() {
    Map<String, Object> input = minimalRow();
    input.remove("emb");
    assertMessage("required field 'emb' is missing (row with id=17)", () -> validator.validate(input, false));
    assertMessage("primary key 'id' is missing", () -> validator.validate(Map.of("emb", new float[4]), false));
  }

  @Test
  void unknownFieldIsRejectedWithoutDynamicField() {
    CollectionSchema strict =
        CollectionSchema.builder()
            .field(FieldSchema.primaryKey("id", DataType.VARCHAR).maxLength(10))
            .field(FieldSchema.floatVector("v", 2, MetricType.L2))
            .build();
    assertMessage(
        "unknown field 'colour'; the collection declares [id, v] and has no dynamic field",
        () -> new RowValidator(strict)
            .validate(Map.of("id", "a", "v", new float[] {1, 2}, "colour", "red"), false));
  }

  private void assertRejected(String field, Object value, String expected) {
    Map<String, Object> input = minimalRow();
    input.put(field, value);
    InvalidRowException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            InvalidRowException.class, () -> validator.validate(input, false));
    org.junit.jupiter.api.Assertions.assertTrue(
        e.getMessage().contains(expected), () -> "message was: " + e.getMessage());
    assertEquals(field.replaceAll("\\[.*", ""), e.field().replaceAll("\\[.*", ""));
  }

  private static String sortedJson(String json) {
    try {
      com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
      return mapper.writeValueAsString(mapper.readValue(json, java.util.TreeMap.class));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
