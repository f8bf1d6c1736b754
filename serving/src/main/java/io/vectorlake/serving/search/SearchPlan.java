package io.vectorlake.serving.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.milvus.grpc.IDs;
import io.milvus.grpc.KeyValuePair;
import io.milvus.grpc.PlaceholderGroup;
import io.milvus.grpc.PlaceholderType;
import io.milvus.grpc.PlaceholderValue;
import io.milvus.grpc.SearchRequest;
import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.FieldSchema;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.serving.collection.IndexSpec;
import io.vectorlake.serving.collection.SchemaMapping;
import io.vectorlake.serving.rpc.ErrorKind;
import io.vectorlake.serving.rpc.RequestLimits;
import io.vectorlake.serving.rpc.ServingException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Search request checked against the collection: the vector field and its metric, the query
 * vectors (dimension and finiteness checked), top-k and offset within Milvus' limits, and
 * {@code round_decimal}.
 */
public record SearchPlan(VectorSearch search, int topK, int offset, int roundDecimal) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Finds the live row of each primary key, for search by primary keys. */
  public interface RowLookup {
    Map<Object, float[]> vectors(String field, List<Object> keys);
  }

  public static SearchPlan of(String collection, CollectionSchema schema,
      Map<String, IndexSpec> indexes, SearchRequest request, RowLookup lookup,
      RequestLimits limits) {
    int maxTopK = limits.maxTopK();
    Map<String, String> params = new HashMap<>();
    for (KeyValuePair pair : request.getSearchParamsList()) {
      params.put(pair.getKey(), pair.getValue());
    }
    rejectUnsupported(params);
    FieldSchema field = vectorField(collection, schema, params.get("anns_field"));
    MetricType metric = metric(field, indexes.get(field.name()), params.get("metric_type"));
    int topK = intParam(params, "topk", -1);
    if (topK <= 0 || topK > maxTopK) {
      throw new ServingException(ErrorKind.ILLEGAL_TOPK, "topk (limit) must be in [1, "
          + maxTopK + "], got " + (topK == -1 ? "none" : topK));
    }
    int offset = intParam(params, "offset", 0);
    if (offset < 0 || topK + offset > maxTopK) {
      throw new ServingException(ErrorKind.ILLEGAL_TOPK, "offset must be >= 0 and topk + offset"
          + " at most " + maxTopK + ", got offset " + offset + " with topk " + topK);
    }
    int roundDecimal = intParam(params, "round_decimal", -1);
    if (roundDecimal < -1 || roundDecimal > 6) {
      throw ServingException.invalid("round_decimal must be -1 (off) or in [0, 6], got "
          + roundDecimal);
    }
    float[][] queries = request.getSearchInputCase() == SearchRequest.SearchInputCase.IDS
        ? queriesByKeys(collection, field, request.getIds(), lookup, limits, topK + offset)
        : queries(field, request, limits, topK + offset);
    return new SearchPlan(
        new VectorSearch(field.name(), metric, queries, topK + offset, beamWidth(params)), topK,
        offset, roundDecimal);
  }

  /** The beam width the client asked for in {@code params} ({@code ef}, {@code search_list}). */
  private static int beamWidth(Map<String, String> params) {
    String nested = params.get("params");
    if (nested == null || nested.isBlank()) {
      return 0;
    }
    try {
      JsonNode node = JSON.readTree(nested);
      JsonNode ef = node.has("ef") ? node.get("ef") : node.get("search_list");
      if (ef == null) {
        return 0;
      }
      int value = ef.asInt(-1);
      if (value < 1 || value > 32_768 || (ef.isNumber() && !ef.canConvertToInt())) {
        throw ServingException.invalid("search param ef must be a whole number in [1, 32768], got " + ef);
      }
      return value;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw ServingException.invalid("search param 'params' is not a JSON object: " + nested);
    }
  }

  private static void rejectUnsupported(Map<String, String> params) {
    if (params.containsKey("group_by_field")) {
      throw ServingException.unimplemented("search with group_by_field");
    }
    String nested = params.get("params");
    if (nested != null && !nested.isBlank()) {
      try {
        JsonNode node = JSON.readTree(nested);
        if (node != null && (node.has("radius") || node.has("range_filter"))) {
          throw ServingException.unimplemented("range search (radius / range_filter)");
        }
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw ServingException.invalid("search param 'params' is not a JSON object: " + nested);
      }
    }
  }

  private static FieldSchema vectorField(String collection, CollectionSchema schema, String name) {
    List<FieldSchema> vectors = schema.vectorFields();
    if (name == null || name.isEmpty()) {
      if (vectors.size() == 1) {
        return vectors.get(0);
      }
      throw ServingException.invalid("collection '" + collection + "' has several vector fields "
          + SchemaMapping.vectorFieldNames(schema) + "; name one with annsField");
    }
    FieldSchema field = schema.field(name).orElseThrow(() -> new ServingException(
        ErrorKind.FIELD_NOT_FOUND, "annsField '" + name + "' does not exist in collection '"
            + collection + "'; its vector fields are " + SchemaMapping.vectorFieldNames(schema)));
    if (!field.type().isVector()) {
      throw ServingException.invalid("annsField '" + name + "' is not a vector field; the vector"
          + " fields are " + SchemaMapping.vectorFieldNames(schema));
    }
    return field;
  }

  private static MetricType metric(FieldSchema field, IndexSpec index, String requested) {
    MetricType indexed = index != null && index.metric() != null ? index.metric() : field.metric();
    if (requested == null || requested.isBlank()) {
      return indexed;
    }
    MetricType asked = MetricType.parse(requested);
    if (asked != indexed) {
      throw ServingException.invalid("metric type not match: field '" + field.name()
          + "' is indexed with " + indexed + ", the search asked for " + asked
          + "; search with " + indexed + " or leave the metric out");
    }
    return asked;
  }

  private static int intParam(Map<String, String> params, String key, int fallback) {
    String value = params.get(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw ServingException.invalid("search param '" + key + "' must be an integer, got '"
          + value + "'");
    }
  }

  /** Search by primary keys: each key's stored vector is a query, in the order given. */
  private static float[][] queriesByKeys(String collection, FieldSchema field, IDs ids,
      RowLookup lookup, RequestLimits limits, int window) {
    List<Object> keys = new ArrayList<>();
    if (ids.hasIntId()) {
      keys.addAll(ids.getIntId().getDataList());
    } else if (ids.hasStrId()) {
      keys.addAll(ids.getStrId().getDataList());
    }
    if (keys.isEmpty()) {
      throw ServingException.invalid("a search by primary keys needs at least one key");
    }
    limits.checkSearch(keys.size(), window);
    Map<Object, float[]> found = lookup.vectors(field.name(), keys);
    float[][] queries = new float[keys.size()][];
    for (int q = 0; q < queries.length; q++) {
      queries[q] = found.get(keys.get(q));
      if (queries[q] == null) {
        throw ServingException.invalid("cannot search by primary key " + keys.get(q)
            + ": collection '" + collection + "' has no row with it");
      }
    }
    return queries;
  }

  private static float[][] queries(FieldSchema field, SearchRequest request,
      RequestLimits limits, int window) {
    PlaceholderGroup group;
    try {
      group = PlaceholderGroup.parseFrom(request.getPlaceholderGroup());
    } catch (InvalidProtocolBufferException e) {
      throw ServingException.invalid("the search vectors (placeholder_group) do not parse: "
          + e.getMessage());
    }
    if (group.getPlaceholdersCount() != 1) {
      throw ServingException.invalid("a search needs exactly one group of query vectors, got "
          + group.getPlaceholdersCount());
    }
    PlaceholderValue value = group.getPlaceholders(0);
    if (value.getType() != PlaceholderType.FloatVector) {
      throw ServingException.invalid("query vectors of type " + value.getType() + " cannot search"
          + " FLOAT_VECTOR field '" + field.name() + "'; send float vectors");
    }
    if (value.getValuesCount() == 0) {
      throw ServingException.invalid("a search needs at least one query vector");
    }
    // Checked on the count, before a vector is decoded or a result slot allocated.
    limits.checkSearch(value.getValuesCount(), window);
    float[][] queries = new float[value.getValuesCount()][];
    for (int q = 0; q < queries.length; q++) {
      ByteString bytes = value.getValues(q);
      if (bytes.size() != field.dim() * Float.BYTES) {
        throw new ServingException(ErrorKind.ILLEGAL_DIMENSION, "query vector " + q
            + " has dim " + bytes.size() / Float.BYTES + ", but vector field '" + field.name()
            + "' has dim " + field.dim());
      }
      float[] v = new float[field.dim()];
      bytes.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
      for (int i = 0; i < v.length; i++) {
        if (!Float.isFinite(v[i])) {
          throw ServingException.invalid("query vector " + q + ": component " + i + " is "
              + v[i] + "; query vectors must be finite");
        }
      }
      queries[q] = v;
    }
    return queries;
  }

  static float round(float score, int decimals) {
    if (decimals < 0) {
      return score;
    }
    double scale = Math.pow(10, decimals);
    return (float) (Math.round(score * scale) / scale);
  }

}
