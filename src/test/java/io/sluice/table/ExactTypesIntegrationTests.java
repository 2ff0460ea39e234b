package io.sluice.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

import io.sluice.web.EnumNames;
import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Values at the edges of their types go in through an inline source and come back exactly: through the
 * preview API, and from the table's files read by Spark's plain Parquet or Delta reader. Timestamps are
 * written as Parquet INT64 TIMESTAMP(MICROS), which every Parquet reader takes without loss.
 */
@SluiceIntegrationTest
class ExactTypesIntegrationTests {

    static final String SCHEMA = "id BIGINT, amount DECIMAL(38,18), day DATE, at TIMESTAMP, part STRING";
    static final String MAX = "99999999999999999999.999999999999999999";
    static final String SLASH = "münchen/北京";
    static final String ESCAPES = "a=b%20c d";
    /** The response as written, decimals exact (Jackson reads fractions as doubles by default). */
    static final JsonMapper EXACT = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    @Autowired
    SluiceClient sluice;

    @Autowired
    SparkSession spark;

    @ParameterizedTest
    @EnumSource(TableFormat.class)
    void shouldReadBackExtremeValuesExactlyThroughThePreviewAndFromTheFiles(TableFormat format) throws IOException {
        String table = SluiceClient.uniqueTable("exact_" + EnumNames.of(format));
        JsonNode run = sluice.submitAndAwait(request(table, format, "append", "\"partitionBy\": [\"part\"]", SCHEMA,
                "{\"id\": 1, \"amount\": " + MAX + ", \"day\": \"0001-01-01\", \"at\": \"1500-06-15T12:34:56.123456Z\", \"part\": \"" + SLASH + "\"}",
                "{\"id\": 2, \"amount\": -" + MAX + ", \"day\": \"9999-12-31\", \"at\": \"2300-01-01T00:00:00.000001Z\", \"part\": \"" + ESCAPES + "\"}",
                "{\"id\": 3, \"amount\": 12345678901234567890.123456789012345678, \"day\": \"2024-08-01\", \"at\": \"2024-08-01T10:00:00.123456Z\", \"part\": null}",
                "{\"id\": 4, \"amount\": 0.000000000000000001, \"day\": null, \"at\": null, \"part\": \"plain\"}",
                "{\"id\": 5, \"amount\": 0, \"day\": null, \"at\": null, \"part\": \"plain\"}"));
        assertThat(run.get("status").asString()).as("run: %s", run).isEqualTo("SUCCEEDED");

        String preview = sluice.getText("/api/v1/tables/" + table + "/preview?limit=100");
        assertThat(preview).contains("\"amount\":" + MAX + ",", "\"amount\":-" + MAX + ",",
                "\"amount\":12345678901234567890.123456789012345678,", "\"amount\":0.000000000000000001,",
                "\"amount\":0.000000000000000000,"); // all digits, no 1E-18 or 0E-18
        assertThat(previewRows(preview)).containsExactly(
                row(1, decimal(MAX), "0001-01-01", "1500-06-15T12:34:56.123456Z", SLASH),
                row(2, decimal("-" + MAX), "9999-12-31", "2300-01-01T00:00:00.000001Z", ESCAPES),
                row(3, decimal("12345678901234567890.123456789012345678"), "2024-08-01", "2024-08-01T10:00:00.123456Z", null),
                row(4, decimal("0.000000000000000001"), null, null, "plain"),
                row(5, decimal("0.000000000000000000"), null, null, "plain"));

        String location = sluice.table(table).get("location").asString();
        assertThat(fileRows(format, location)).containsExactly(
                row(1L, decimal(MAX), LocalDate.of(1, 1, 1), Instant.parse("1500-06-15T12:34:56.123456Z"), SLASH),
                row(2L, decimal("-" + MAX), LocalDate.of(9999, 12, 31), Instant.parse("2300-01-01T00:00:00.000001Z"), ESCAPES),
                row(3L, decimal("12345678901234567890.123456789012345678"), LocalDate.of(2024, 8, 1),
                        Instant.parse("2024-08-01T10:00:00.123456Z"), null),
                row(4L, decimal("0.000000000000000001"), null, null, "plain"),
                row(5L, decimal("0.000000000000000000"), null, null, "plain"));

        FileMetaData metadata = footerOfOneDataFile(location);
        assertThat(metadata.getKeyValueMetaData()).as("proleptic Gregorian values, as other readers expect")
                .doesNotContainKeys("org.apache.spark.legacyDateTime", "org.apache.spark.legacyINT96");
        MessageType footer = metadata.getSchema();
        PrimitiveType at = footer.getType("at").asPrimitiveType();
        assertThat(at.getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.INT64);
        assertThat(at.getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS));
        assertThat(footer.getType("amount").getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.decimalType(18, 38));
    }

    static Stream<Arguments> everyStrategyOnEveryFormat() {
        return Stream.of("append", "drop_partition", "dynamic_overwrite", "merge")
                .flatMap(strategy -> Stream.of(TableFormat.values()).map(format -> Arguments.of(strategy, format)));
    }

    /** Partition values that need escaping in a path, or have none, are written, replaced and merged like any other. */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("everyStrategyOnEveryFormat")
    void shouldKeepPartitionValuesWithSlashesPercentsSpacesUnicodeAndNulls(String strategy, TableFormat format) {
        String table = SluiceClient.uniqueTable("partvalues_" + strategy + "_" + EnumNames.of(format));
        String schema = "id BIGINT, name STRING, part STRING";
        String keys = strategy.equals("merge") ? "\"keys\": [\"id\"], " : "";
        ok(request(table, format, strategy, keys + "\"partitionBy\": [\"part\"]", schema, named(1, "a", SLASH), named(2, "b", ESCAPES),
                named(3, "c", null), named(4, "d", "plain")));

        ok(request(table, format, strategy, keys.replace(", ", ""), schema, named(2, "B", ESCAPES), named(3, "C", null),
                named(5, "e", SLASH)));

        List<Map<String, Object>> expected = switch (strategy) {
            case "append" -> List.of(part(1, "a", SLASH), part(2, "B", ESCAPES), part(2, "b", ESCAPES), part(3, "C", null),
                    part(3, "c", null), part(4, "d", "plain"), part(5, "e", SLASH));
            case "merge" -> List.of(part(1, "a", SLASH), part(2, "B", ESCAPES), part(3, "C", null), part(4, "d", "plain"),
                    part(5, "e", SLASH));
            default -> List.of(part(2, "B", ESCAPES), part(3, "C", null), part(4, "d", "plain"), part(5, "e", SLASH));
        };
        List<Map<String, Object>> rows = previewRows(sluice.getText("/api/v1/tables/" + table + "/preview?limit=100"));
        rows.sort(Comparator.comparing((Map<String, Object> row) -> ((Number) row.get("id")).longValue())
                .thenComparing(row -> (String) row.get("name")));
        assertThat(rows).containsExactlyElementsOf(expected);
    }

    private void ok(String request) {
        JsonNode run = sluice.submitAndAwait(request);
        assertThat(run.get("status").asString()).as("run: %s", run).isEqualTo("SUCCEEDED");
    }

    private static String request(String table, TableFormat format, String strategy, String options, String schema, String... rows) {
        return """
                {"table": "%s", "format": "%s", "strategy": "%s", %s%s
                 "source": {"type": "inline", "schema": "%s", "rows": [%s]}}
                """.formatted(table, EnumNames.of(format), strategy, options, options.isEmpty() ? "" : ",", schema, String.join(", ", rows));
    }

    private static String named(long id, String name, String part) {
        return "{\"id\": %d, \"name\": \"%s\", \"part\": %s}".formatted(id, name, part == null ? "null" : "\"" + part + "\"");
    }

    private static Map<String, Object> part(int id, String name, String part) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("name", name);
        row.put("part", part);
        return row;
    }

    private static Map<String, Object> row(Object id, Object amount, Object day, Object at, Object part) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("amount", amount);
        row.put("day", day);
        row.put("at", at);
        row.put("part", part);
        return row;
    }

    private static BigDecimal decimal(String text) {
        return new BigDecimal(text);
    }

    private static List<Map<String, Object>> previewRows(String preview) {
        List<Map<String, Object>> rows = new ArrayList<>(EXACT.readValue(preview, new TypeReference<Preview>() {
        }).rows());
        rows.sort(Comparator.comparing(row -> ((Number) row.get("id")).longValue()));
        return rows;
    }

    record Preview(String table, List<String> columns, List<Map<String, Object>> rows) {
    }

    /** The table's rows as Spark reads its files by path, with java.time values; columns in the table's order. */
    private List<Map<String, Object>> fileRows(TableFormat format, String location) {
        SparkSession session = spark.newSession();
        session.conf().set("spark.sql.datetime.java8API.enabled", "true");
        Dataset<Row> files = format == TableFormat.PARQUET ? session.read().parquet(location) : session.read().format("delta").load(location);
        return files.select("id", "amount", "day", "at", "part").collectAsList().stream()
                .map(r -> row(r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)))
                .sorted(Comparator.comparing(r -> (Long) r.get("id"))).toList();
    }

    private static FileMetaData footerOfOneDataFile(String location) throws IOException {
        Path root = Path.of(URI.create(location));
        Path file;
        try (Stream<Path> files = Files.walk(root)) {
            file = files.filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .filter(p -> Arrays.stream(root.relativize(p).toString().split("/")).noneMatch(s -> s.startsWith("_") || s.startsWith(".")))
                    .findFirst().orElseThrow();
        }
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))) {
            return reader.getFooter().getFileMetaData();
        }
    }
}
