package io.vectorlake.serving.query;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.serving.rpc.ErrorKind;
import io.vectorlake.serving.rpc.ServingException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The output fields a search or query asked for, resolved against the schema as Milvus does:
 * {@code *} is every field plus the whole dynamic field, {@code $meta} the whole dynamic field,
 * any other undeclared name a key of the dynamic field (when the collection has one).
 *
 * @param fields declared fields to return, in schema order
 * @param wholeDynamic whether every dynamic key is returned
 * @param dynamicKeys the dynamic keys asked for by name
 */
public record OutputFields(
    List<FieldSchema> fields, boolean wholeDynamic, List<String> dynamicKeys) {

  public boolean hasDynamic() {
    return wholeDynamic || !dynamicKeys.isEmpty();
  }

  public static OutputFields resolve(
      String collection, CollectionSchema schema, List<String> requested, boolean withPrimaryKey) {
    Set<String> names = new LinkedHashSet<>();
    boolean whole = false;
    List<String> dynamicKeys = new ArrayList<>();
    for (String raw : requested) {
      String name = raw.trim();
      if (name.isEmpty()) {
        continue;
      }
      if (name.equals("*")) {
        schema.fields().forEach(f -> names.add(f.name()));
        whole |= schema.enableDynamicField();
      } else if (name.equals(CollectionSchema.DYNAMIC_FIELD)) {
        if (!schema.enableDynamicField()) {
          throw notFound(collection, schema, name);
        }
        whole = true;
      } else if (schema.field(name).isPresent()) {
        names.add(name);
      } else if (schema.enableDynamicField() && name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        if (!dynamicKeys.contains(name)) {
          dynamicKeys.add(name);
        }
      } else {
        throw notFound(collection, schema, name);
      }
    }
    if (withPrimaryKey) {
      names.add(schema.primaryKey().name());
    }
    List<FieldSchema> fields = new ArrayList<>();
    for (FieldSchema field : schema.fields()) {
      if (names.contains(field.name())) {
        fields.add(field);
      }
    }
    return new OutputFields(fields, whole, whole ? List.of() : dynamicKeys);
  }

  private static ServingException notFound(String collection, CollectionSchema schema, String name) {
    return new ServingException(ErrorKind.FIELD_NOT_FOUND, "output field '" + name
        + "' does not exist in collection '" + collection + "'; its fields are "
        + schema.fields().stream().map(FieldSchema::name).toList()
        + (schema.enableDynamicField() ? "" : " (it has no dynamic field)"));
  }
}
