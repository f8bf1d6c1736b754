package io.vectorlake.serving.collection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.milvus.grpc.CollectionSchema;
import io.milvus.grpc.DataType;
import io.milvus.grpc.FieldSchema;
import io.milvus.grpc.KeyValuePair;
import io.milvus.grpc.ValueField;
import io.vectorlake.catalog.schema.InvalidSchemaException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaMappingTest {
  private static KeyValuePair kv(String key, String value) {
    return KeyValuePair.newBuilder().setKey(key).setValue(value).build();
  }

  private static CollectionSchema fullProto() {
    return CollectionSchema.newBuilder()
        .setName("docs")
        .setDescription("all the types")
        .setEnableDynamicField(true)
        .addFields(FieldSchema.newBuilder().setName("pk").setDataType(DataType.VarChar)
            .setIsPrimaryKey(true).addTypeParams(kv("max_length", "36")))
        .addFields(FieldSchema.newBuilder().setName("emb").setDataType(DataType.FloatVector)
            .addTypeParams(kv("dim", "768")))
        .addFields(FieldSchema.newBuilder().setName("n").setDataType(DataType.Int16)
            .setNullable(true))
        .addFields(FieldSchema.newBuilder().setName("price").setDataType(DataType.Double)
            .setDefaultValue(ValueField.newBuilder().setDoubleData(9.5)))
        .addFields(FieldSchema.newBuilder().setName("title").setDataType(DataType.VarChar)
            .addTypeParams(kv("max_length", "256"))
            .setDefaultValue(ValueField.newBuilder().setStringData("untitled")))
        .addFields(FieldSchema.newBuilder().setName("tags").setDataType(DataType.Array)
            .setElementType(DataType.Int64).addTypeParams(kv("max_capacity", "8")))
        .addFields(FieldSchema.newBuilder().setName("doc").setDataType(DataType.JSON))
        .addFields(FieldSchema.newBuilder().setName("$meta").setDataType(DataType.JSON)
            .setIsDynamic(true))
        .build();
  }

  @Test
  void protoSchemaMapsToCatalogSchema() {
    var schema = SchemaMapping.fromProto(fullProto(), 3);
    assertEquals(3, schema.shards());
    assertTrue(schema.enableDynamicField());
    assertEquals(7, schema.fields().size(), "the dynamic field is a flag, not a field");
    assertEquals(36, schema.primaryKey().maxLength());
    assertEquals(768, schema.requireField("emb").dim());
    assertTrue(schema.requireField("n").nullable());
    assertEquals(9.5, schema.requireField("price").defaultValue());
    assertEquals("untitled", schema.requireField("title").defaultValue());
    assertEquals(io.vectorlake.catalog.schema.DataType.INT64,
        schema.requireField("tags").elementType());
    assertEquals(8, schema.requireField("tags").maxCapacity());
  }

  @Test
  void catalogSchemaMapsBackWithFieldIds() {
    var schema = SchemaMapping.fromProto(fullProto(), 0)
        .withFieldIds(List.of(101, 102, 103, 104, 105, 106, 107));
    CollectionSchema proto = SchemaMapping.toProto("docs", "shop", schema);
    assertEquals("docs", proto.getName());
    assertEquals("shop", proto.getDbName());
    assertTrue(proto.getEnableDynamicField());
    assertEquals(7, proto.getFieldsCount());
    FieldSchema pk = proto.getFields(0);
    assertEquals(101, pk.getFieldID());
    assertTrue(pk.getIsPrimaryKey());
    assertEquals(List.of(kv("max_length", "36")), pk.getTypeParamsList());
    assertEquals(List.of(kv("dim", "768")), proto.getFields(1).getTypeParamsList());
    assertTrue(proto.getFields(2).getNullable());
    assertEquals(9.5, proto.getFields(3).getDefaultValue().getDoubleData());
    assertEquals(DataType.Int64, proto.getFields(5).getElementType());
    assertEquals(List.of(kv("max_capacity", "8")), proto.getFields(5).getTypeParamsList());
    assertFalse(proto.getFieldsList().stream().anyMatch(FieldSchema::getIsDynamic));
    assertEquals(SchemaMapping.fromProto(fullProto(), 1).fields(),
        SchemaMapping.fromProto(proto, 1).fields().stream().map(f -> f.withId(0)).toList());
  }

  @Test
  void unsupportedTypesAndOptionsSayWhatToUse() {
    var binary = CollectionSchema.newBuilder()
        .addFields(FieldSchema.newBuilder().setName("id").setDataType(DataType.Int64)
            .setIsPrimaryKey(true))
        .addFields(FieldSchema.newBuilder().setName("bits").setDataType(DataType.BinaryVector)
            .addTypeParams(kv("dim", "64")))
        .build();
    var e = assertThrows(InvalidSchemaException.class, () -> SchemaMapping.fromProto(binary, 1));
    assertTrue(e.getMessage().contains("BinaryVector is not supported"), e.getMessage());
    var partitionKey = fullProto().toBuilder().setFields(2, FieldSchema.newBuilder().setName("n")
        .setDataType(DataType.Int64).setIsPartitionKey(true)).build();
    e = assertThrows(InvalidSchemaException.class, () -> SchemaMapping.fromProto(partitionKey, 1));
    assertTrue(e.getMessage().contains("partition keys are not supported"), e.getMessage());
    var badDim = fullProto().toBuilder().setFields(1, FieldSchema.newBuilder().setName("emb")
        .setDataType(DataType.FloatVector).addTypeParams(kv("dim", "many"))).build();
    e = assertThrows(InvalidSchemaException.class, () -> SchemaMapping.fromProto(badDim, 1));
    assertTrue(e.getMessage().contains("dim must be an integer"), e.getMessage());
  }
}
