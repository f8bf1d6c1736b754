package io.vectorlake.catalog.expr;

import io.vectorlake.catalog.schema.Row;
import io.vectorlake.catalog.schema.RowValidator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Seeded random rows of {@link TestCollection#SCHEMA} and random well-typed filters over them. */
final class RandomFilters {
  private static final String[] NAMES = {
    "Alice", "alicia", "Bob", "bo_b", "50%", "", "Ünï😀", "abc", "ab", "a%c", "zeta"
  };
  private static final String[] PATTERNS = {
    "A%", "%b", "%li%", "a_c%", "%", "_%_", "Ü%", "%\\%%", "ab", "a\\_c", "%😀", "_"
  };
  private static final String[] WORDS = {"red", "blue", "green", "x", "a_b"};
  private static final String[] OPS = {"==", "!=", "<", "<=", ">", ">="};

  private final Random random;

  RandomFilters(long seed) {
    this.random = new Random(seed);
  }

  List<Row> rows(int count) {
    RowValidator validator = new RowValidator(TestCollection.SCHEMA);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", (long) i);
      row.put("age", random.nextInt(21) - 10);
      row.put("tiny", random.nextInt(11) - 5);
      row.put("count", chance(0.2) ? null : (Object) (long) (random.nextInt(21) - 10));
      row.put("score", chance(0.2) ? null : (Object) (random.nextInt(13) / 2.0 - 3));
      row.put("price", (float) (random.nextInt(9) * 1.25 - 3));
      row.put("name", chance(0.15) ? null : NAMES[random.nextInt(NAMES.length)]);
      row.put("active", chance(0.2) ? null : (Object) random.nextBoolean());
      row.put("meta", chance(0.15) ? null : metaJson());
      row.put("tags", chance(0.15) ? null : longs(random.nextInt(5)));
      row.put("labels", words(random.nextInt(4)));
      row.put("vec", new float[] {0f, 1f});
      Row validated = validator.validate(row, false);
      String dynamic = dynamicJson();
      rows.add(dynamic == null ? validated : validated.with("$meta", dynamic));
    }
    return rows;
  }

  private String metaJson() {
    StringBuilder out = new StringBuilder("{");
    if (!chance(0.2)) {
      out.append("\"a\":").append(jsonScalar());
    }
    if (!chance(0.3)) {
      out.append(out.length() > 1 ? "," : "").append("\"list\":[");
      int n = random.nextInt(4);
      for (int i = 0; i < n; i++) {
        out.append(i > 0 ? "," : "").append(jsonScalar());
      }
      out.append("]");
    }
    if (chance(0.5)) {
      out.append(out.length() > 1 ? "," : "")
          .append("\"b\":{\"c\":\"")
          .append(WORDS[random.nextInt(WORDS.length)])
          .append("\"}");
    }
    return out.append("}").toString();
  }

  private String dynamicJson() {
    if (chance(0.1)) {
      return null;
    }
    StringBuilder out = new StringBuilder("{");
    if (!chance(0.25)) {
      out.append("\"color\":")
          .append(
              chance(0.2)
                  ? "null"
                  : chance(0.2) ? "3" : "\"" + WORDS[random.nextInt(WORDS.length)] + "\"");
    }
    if (!chance(0.25)) {
      out.append(out.length() > 1 ? "," : "").append("\"size\":").append(jsonScalar());
    }
    return out.append("}").toString();
  }

  private String jsonScalar() {
    return switch (random.nextInt(6)) {
      case 0 -> Integer.toString(random.nextInt(7) - 3);
      case 1 -> Double.toString(random.nextInt(13) / 2.0 - 3);
      case 2 -> "\"" + WORDS[random.nextInt(WORDS.length)] + "\"";
      case 3 -> Boolean.toString(random.nextBoolean());
      case 4 -> "null";
      default -> "\"" + (random.nextInt(5) - 2) + "\"";
    };
  }

  private List<Long> longs(int n) {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add((long) random.nextInt(6));
    }
    return out;
  }

  private List<String> words(int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(WORDS[random.nextInt(WORDS.length)]);
    }
    return out;
  }

  String expression(int depth) {
    if (depth <= 0 || chance(0.35)) {
      return leaf();
    }
    return switch (random.nextInt(6)) {
      case 0 -> expression(depth - 1) + " and " + expression(depth - 1);
      case 1 -> expression(depth - 1) + " || " + expression(depth - 1);
      case 2 -> "(" + expression(depth - 1) + " or " + expression(depth - 1) + ")";
      case 3 -> "not (" + expression(depth - 1) + ")";
      case 4 -> "(" + expression(depth - 1) + ") AND (" + expression(depth - 1) + ")";
      default -> "!(" + expression(depth - 1) + " && " + expression(depth - 1) + ")";
    };
  }

  private String leaf() {
    String intField = pick("age", "tiny", "count", "id");
    String floatField = pick("score", "price");
    return switch (random.nextInt(26)) {
      case 24 ->
          pick("age", "tiny", "count", "score", "price", "tags[0]", "tags[1] * 2")
              + " "
              + op()
              + " "
              + pick("age", "tiny", "count", "score", "price", "tags[1]");
      case 25 ->
          pick(
              "name " + op() + " name",
              "active " + pick("==", "!=") + " active",
              "labels[0] " + op() + " name");
      case 0 -> intField + " " + op() + " " + number();
      case 1 -> floatField + " " + op() + " " + number();
      case 2 -> number() + " " + op() + " " + pick(intField, floatField);
      case 3 ->
          intField
              + " % "
              + (random.nextInt(3) + 2)
              + " "
              + pick("==", "!=")
              + " "
              + random.nextInt(2);
      case 4 ->
          pick(intField, floatField)
              + " "
              + pick("+", "-", "*")
              + " "
              + smallInt()
              + " "
              + op()
              + " "
              + number();
      case 5 -> {
        int lo = random.nextInt(9) - 6;
        yield lo
            + pick(" < ", " <= ")
            + pick(intField, floatField)
            + pick(" < ", " <= ")
            + (lo + 1 + random.nextInt(5));
      }
      case 6 -> intField + pick(" in ", " not in ") + intList();
      case 7 -> floatField + pick(" in ", " not in ") + "[" + number() + ", " + number() + "]";
      case 8 -> "name " + op() + " \"" + NAMES[random.nextInt(NAMES.length)] + "\"";
      case 9 -> "name like \"" + PATTERNS[random.nextInt(PATTERNS.length)] + "\"";
      case 10 -> "name" + pick(" in ", " not in ") + "[\"Alice\", \"ab\", \"50%\"]";
      case 11 -> "active " + pick("==", "!=") + " " + pick("true", "false", "True", "FALSE");
      case 12 ->
          pick(
                  "score",
                  "count",
                  "name",
                  "active",
                  "meta",
                  "tags",
                  "meta[\"a\"]",
                  "color",
                  "meta[\"b\"][\"c\"]",
                  "size")
              + pick(" is null", " is not null", " IS NULL");
      case 13 -> "meta[\"a\"] " + op() + " " + jsonConstant();
      case 14 -> "meta[\"list\"][" + random.nextInt(3) + "] " + op() + " " + number();
      case 15 ->
          pick("color", "size", "meta[\"b\"][\"c\"]")
              + " "
              + pick("==", "!=")
              + " "
              + jsonConstant();
      case 16 ->
          pick("json_contains(meta[\"list\"], ", "json_contains(size, ") + jsonConstant() + ")";
      case 17 ->
          pick("json_contains_all", "json_contains_any")
              + "(meta[\"list\"], ["
              + jsonConstant()
              + ", "
              + jsonConstant()
              + "])";
      case 18 ->
          "array_length("
              + pick("meta[\"list\"]", "tags", "labels")
              + ") "
              + op()
              + " "
              + random.nextInt(4);
      case 19 -> {
        int n = random.nextInt(6);
        yield pick(
            "array_contains(tags, " + n + ")",
            "array_contains_any(tags, [1, " + n + "])",
            "array_contains_all(tags, [2, " + n + "])");
      }
      case 20 -> "tags[" + random.nextInt(3) + "] " + op() + " " + random.nextInt(6);
      case 21 ->
          pick(
              "array_contains(labels, \"red\")",
              "array_contains_any(labels, [\"x\", \"a_b\"])",
              "labels[0] like \"%e%\"",
              "labels[1] == \"blue\"");
      case 22 -> "meta[\"a\"]" + pick(" in ", " not in ") + "[1, \"red\", 0.5, true]";
      default ->
          pick("meta[\"a\"]", "size")
              + " "
              + pick("+", "-", "*")
              + " "
              + smallInt()
              + " "
              + op()
              + " "
              + number();
    };
  }

  private String jsonConstant() {
    return switch (random.nextInt(4)) {
      case 0 -> number();
      case 1 -> "\"" + WORDS[random.nextInt(WORDS.length)] + "\"";
      case 2 -> "\"" + (random.nextInt(5) - 2) + "\"";
      default -> Integer.toString(random.nextInt(7) - 3);
    };
  }

  private String intList() {
    StringBuilder out = new StringBuilder("[");
    int n = random.nextInt(4);
    for (int i = 0; i < n; i++) {
      out.append(i > 0 ? ", " : "").append(smallInt());
    }
    return out.append("]").toString();
  }

  private String number() {
    return chance(0.6) ? smallInt() : Double.toString(random.nextInt(13) / 2.0 - 3);
  }

  private String smallInt() {
    return Integer.toString(random.nextInt(13) - 6);
  }

  private String op() {
    return OPS[random.nextInt(OPS.length)];
  }

  private String pick(String... options) {
    return options[random.nextInt(options.length)];
  }

  private boolean chance(double p) {
    return random.nextDouble() < p;
  }
}
