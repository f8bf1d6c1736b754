package io.vectorlake.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench.csv} parses back into the lines the bench measured. Reproduces the report that it
 * was not valid CSV: settings such as {@code 1 writer(s), ckpt 1 s} and systems such as {@code
 * gRPC (Milvus SDK, Eventually)} were written with their commas unquoted.
 */
class BenchReportTest {
  @TempDir Path dir;

  @Test
  void csvParsesBackIntoTheSameFields() throws Exception {
    BenchReport report = new BenchReport("title", "chart");
    report.add(new BenchReport.Line("ingest", "Flink sink", "1 writer(s), ckpt 1 s", 1659.5,
        "rows/s", 5.2, "MB/s", Double.NaN));
    report.add(new BenchReport.Line("search", "gRPC (Milvus SDK, Eventually)",
        "4 clients ef=64", 1245, "QPS", 9.4, "ms p99", 0.999));
    report.add(new BenchReport.Line("memory", "a \"quoted\" system", "line\nbreak", 1, "B",
        Double.NaN, "", Double.NaN));
    Path file = dir.resolve("bench.csv");
    report.writeCsv(file);

    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser parser = CSVParser.parse(in, CSVFormat.RFC4180.builder()
            .setHeader().setSkipHeaderRecord(true).get())) {
      assertEquals(List.of(BenchReport.CSV_HEADER), parser.getHeaderNames());
      List<CSVRecord> records = parser.getRecords();
      assertEquals(report.lines().size(), records.size());
      for (int i = 0; i < records.size(); i++) {
        BenchReport.Line line = report.lines().get(i);
        CSVRecord r = records.get(i);
        assertEquals(line.stage(), r.get("stage"));
        assertEquals(line.system(), r.get("system"));
        assertEquals(line.setting(), r.get("setting"));
        assertEquals(line.value1(), Double.parseDouble(r.get("value1")));
        assertEquals(line.unit1(), r.get("unit1"));
        assertEquals(line.value2(), r.get("value2").isEmpty() ? Double.NaN
            : Double.parseDouble(r.get("value2")));
        assertEquals(line.recall(), r.get("recall").isEmpty() ? Double.NaN
            : Double.parseDouble(r.get("recall")));
      }
    }
  }
}
