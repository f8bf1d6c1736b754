package io.vectorlake.examples.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The bench's figures: printed as a table, written as CSV, and plotted as recall against QPS. */
final class BenchReport {
  /** One measured line. */
  record Line(String stage, String system, String setting, double value1, String unit1,
      double value2, String unit2, double recall) {}

  private final List<Line> lines = new ArrayList<>();
  private final String title;
  private final String chartTitle;

  BenchReport(String title, String chartTitle) {
    this.title = title;
    this.chartTitle = chartTitle;
  }

  void add(Line line) {
    lines.add(line);
  }

  void print(PrintStream out) {
    out.println();
    out.println(title);
    out.printf("%-8s %-26s %-22s %14s %-10s %12s %-8s %8s%n", "stage", "system", "setting",
        "value", "unit", "value", "unit", "recall");
    for (Line l : lines) {
      out.printf(Locale.ROOT, "%-8s %-26s %-22s %14.2f %-10s %12s %-8s %8s%n", l.stage(), l.system(),
          l.setting(), l.value1(), l.unit1(), Double.isNaN(l.value2()) ? "" : String.format(Locale.ROOT, "%.2f", l.value2()),
          l.unit2(), Double.isNaN(l.recall()) ? "" : String.format(Locale.ROOT, "%.3f", l.recall()));
    }
  }

  /** Column names of {@code bench.csv}, in order. */
  static final String[] CSV_HEADER =
      {"stage", "system", "setting", "value1", "unit1", "value2", "unit2", "recall"};

  /** Writes every line as RFC 4180 CSV (fields such as "1 writer(s), ckpt 1 s" are quoted). */
  void writeCsv(Path file) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(CSV_HEADER).get())) {
      for (Line l : lines) {
        csv.printRecord(l.stage(), l.system(), l.setting(), l.value1(), l.unit1(),
            Double.isNaN(l.value2()) ? "" : l.value2(), l.unit2(),
            Double.isNaN(l.recall()) ? "" : l.recall());
      }
    }
  }

  List<Line> lines() {
    return List.copyOf(lines);
  }

  /** Recall@10 against QPS, one series per search system and client count. */
  void plotRecallVsQps(Path file) throws IOException {
    XYChart chart = new XYChartBuilder().width(900).height(600).title(chartTitle)
        .xAxisTitle("recall@10").yAxisTitle("queries per second").build();
    chart.getStyler().setYAxisLogarithmic(true);
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    for (Line l : lines) {
      if (l.stage().equals("search") && !Double.isNaN(l.recall())) {
        String name = l.system() + ", " + l.setting().replaceAll(" ef=\\d+", "");
        series.computeIfAbsent(name, n -> new ArrayList<>()).add(new double[] {l.recall(), l.value1()});
      }
    }
    series.forEach((name, points) -> {
      points.sort((a, b) -> Double.compare(a[0], b[0]));
      double[] x = points.stream().mapToDouble(p -> p[0]).toArray();
      double[] y = points.stream().mapToDouble(p -> p[1]).toArray();
      chart.addSeries(name, x, y).setMarker(SeriesMarkers.CIRCLE);
    });
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
