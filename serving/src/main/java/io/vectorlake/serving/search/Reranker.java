package io.vectorlake.serving.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vectorlake.catalog.schema.MetricType;
import io.vectorlake.serving.rpc.ServingException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuses the results of a hybrid search's sub-searches into one ranking, as Milvus' RRF and
 * weighted rankers do: RRF scores a row {@code sum 1 / (k + rank)} over the lists it is in (rank
 * from 1); weighted scores it {@code sum weight * normalized score}, where normalizing maps each
 * metric onto [0, 1] with larger better (COSINE {@code (1 + s) / 2}, IP {@code 1/2 + atan(s)/pi},
 * L2 {@code 1 - 2 atan(s)/pi}) unless {@code norm_score} is false.
 */
public record Reranker(String strategy, int k, List<Double> weights, boolean normalize) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The ranker named by a hybrid search's {@code strategy} and {@code params}. */
  public static Reranker of(String strategy, String params, int searches) {
    String name = strategy == null || strategy.isBlank() ? "rrf" : strategy.trim().toLowerCase();
    JsonNode node;
    try {
      node = params == null || params.isBlank() ? JSON.createObjectNode() : JSON.readTree(params);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw ServingException.invalid("ranker params are not a JSON object: " + params);
    }
    switch (name) {
      case "rrf" -> {
        int k = node.path("k").asInt(60);
        if (k <= 0 || k >= 16_384) {
          throw ServingException.invalid("RRF k must be in (0, 16384), got " + k);
        }
        return new Reranker(name, k, List.of(), false);
      }
      case "weighted" -> {
        List<Double> weights = new ArrayList<>();
        node.path("weights").forEach(w -> weights.add(w.asDouble()));
        if (weights.size() != searches) {
          throw ServingException.invalid("the weighted ranker has " + weights.size()
              + " weights for " + searches + " searches; give one weight per search");
        }
        for (double w : weights) {
          if (w < 0 || w > 1) {
            throw ServingException.invalid("ranker weights must be in [0, 1], got " + weights);
          }
        }
        return new Reranker(name, 0, weights, node.path("norm_score").asBoolean(true));
      }
      default -> throw ServingException.unimplemented("ranker '" + name + "' (use rrf or weighted)");
    }
  }

  /** One query's fused hits, best first; {@code lists.get(i)} came from a search with metric i. */
  public List<Hit> fuse(List<List<Hit>> lists, List<MetricType> metrics) {
    Map<Object, Hit> rows = new LinkedHashMap<>();
    Map<Object, Double> scores = new LinkedHashMap<>();
    for (int i = 0; i < lists.size(); i++) {
      List<Hit> list = lists.get(i);
      for (int rank = 0; rank < list.size(); rank++) {
        Hit hit = list.get(rank);
        Object key = hit.row().primaryKey();
        double score = strategy.equals("rrf") ? 1.0 / (k + rank + 1)
            : weights.get(i) * (normalize ? normalized(metrics.get(i), hit.score()) : hit.score());
        rows.putIfAbsent(key, hit);
        scores.merge(key, score, Double::sum);
      }
    }
    List<Hit> fused = new ArrayList<>(rows.size());
    rows.forEach((key, hit) -> fused.add(new Hit(hit.row(), (float) (double) scores.get(key))));
    fused.sort((a, b) -> Float.compare(b.score(), a.score())); // stable: first seen wins ties
    return fused;
  }

  static double normalized(MetricType metric, float score) {
    return switch (metric) {
      case COSINE -> (1 + score) * 0.5;
      case IP -> 0.5 + Math.atan(score) / Math.PI;
      case L2 -> 1.0 - 2 * Math.atan(score) / Math.PI;
    };
  }
}
