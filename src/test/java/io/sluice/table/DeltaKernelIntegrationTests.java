package io.sluice.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.sluice.support.KernelReader;
import io.sluice.support.KernelReader.TableRead;
import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A table Sluice merged into with deletion vectors (the default for new Delta tables) is read by Delta Kernel, an
 * independent reader, to exactly the rows Sluice's own preview shows: the rows the merges updated or deleted are
 * marked in deletion vectors, not rewritten, and Kernel leaves exactly those out.
 */
@SluiceIntegrationTest
class DeltaKernelIntegrationTests {

    static final String SCHEMA = "id BIGINT, amount DECIMAL(38,18), at TIMESTAMP, region STRING";
    /** The response as written, decimals exact (Jackson reads fractions as doubles by default). */
    static final JsonMapper EXACT = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    @Autowired
    SluiceClient sluice;

    @Test
    void shouldReadThroughDeltaKernelExactlyTheRowsLeftByMergesThatWroteDeletionVectors() {
        String table = SluiceClient.uniqueTable("kernel_dv");
        ok(request(table, "append", "\"partitionBy\": [\"region\"],",
                json(1, "10.5", "2024-01-01T00:00:00.000001Z", "eu"),
                json(2, "20.25", "2024-01-02T00:00:00.000002Z", "eu"),
                json(3, "30", "2024-01-03T00:00:00.000003Z", "eu"),
                json(4, "0.000000000000000001", "2024-01-04T23:59:59.999999Z", "eu"),
                json(5, "-99999999999999999999.999999999999999999", "1900-01-01T00:00:00.000001Z", "us"),
                json(6, "60", "2024-01-06T00:00:00.000006Z", "us"),
                json(7, "70", "2024-01-07T00:00:00.000007Z", "us"),
                json(8, "80", "2024-01-08T00:00:00.000008Z", "apac"),
                json(9, "90", "2024-01-09T00:00:00.000009Z", "apac")));
        JsonNode upsert = ok(request(table, "merge", "\"keys\": [\"id\"],",
                json(2, "21.5", "2024-02-02T12:00:00.123456Z", "eu"),
                json(6, "66.000000000000000006", "2024-02-06T12:00:00.654321Z", "us"),
                json(10, "100", "2024-02-10T00:00:00.000010Z", "eu")));
        JsonNode delete = ok(request(table, "merge", "\"keys\": [\"id\"], \"whenMatched\": \"delete\", \"whenNotMatched\": \"ignore\",",
                json(3, "0", "2024-01-03T00:00:00Z", "eu"),
                json(7, "0", "2024-01-07T00:00:00Z", "us")));
        ok(request(table, "dynamic_overwrite", "",
                json(8, "88.8", "2024-03-08T00:00:00.000008Z", "apac"),
                json(12, "120", "2024-03-12T00:00:00.000012Z", "apac")));
        assertThat(upsert.get("metrics").get("rowsUpdated").asLong()).isEqualTo(2);
        assertThat(delete.get("metrics").get("rowsDeleted").asLong()).isEqualTo(2);

        JsonNode info = sluice.table(table);
        String location = info.get("location").asString();
        List<List<JsonNode>> merges = commits(location).stream().filter(c -> operation(c).equals("MERGE")).toList();
        assertThat(merges).hasSize(2);
        assertThat(metric(merges.get(0), "numTargetDeletionVectorsAdded")).as("the upsert marks its old rows in eu's and us's files").isEqualTo(2);
        assertThat(metric(merges.get(1), "numTargetDeletionVectorsUpdated")).as("the delete adds its rows to those vectors").isEqualTo(2);
        assertThat(deletionVectorCardinalities(merges.get(1))).as("rows 2, 3 of eu's file; 6, 7 of us's").containsExactly(2L, 2L);

        List<Map<String, Object>> expected = List.of(
                row(1, "10.5", "2024-01-01T00:00:00.000001Z", "eu"),
                row(2, "21.5", "2024-02-02T12:00:00.123456Z", "eu"),
                row(4, "0.000000000000000001", "2024-01-04T23:59:59.999999Z", "eu"),
                row(5, "-99999999999999999999.999999999999999999", "1900-01-01T00:00:00.000001Z", "us"),
                row(6, "66.000000000000000006", "2024-02-06T12:00:00.654321Z", "us"),
                row(8, "88.8", "2024-03-08T00:00:00.000008Z", "apac"),
                row(10, "100", "2024-02-10T00:00:00.000010Z", "eu"),
                row(12, "120", "2024-03-12T00:00:00.000012Z", "apac"));
        TableRead kernel = KernelReader.read(location);
        assertThat(kernel.version()).isEqualTo(info.get("version").asLong());
        assertThat(byId(kernel.rows())).containsExactlyElementsOf(expected);
        assertThat(kernel.rowsDeselected()).as("the four rows the deletion vectors mark, still in their files").isEqualTo(4);
        assertThat(previewRows(table)).isEqualTo(byId(kernel.rows()));
    }

    private JsonNode ok(String request) {
        JsonNode run = sluice.submitAndAwait(request);
        assertThat(run.get("status").asString()).as("run: %s", run).isEqualTo("SUCCEEDED");
        return run;
    }

    private static String request(String table, String strategy, String options, String... rows) {
        return """
                {"table": "%s", "strategy": "%s", %s "source": {"type": "inline", "schema": "%s", "rows": [%s]}}"""
                .formatted(table, strategy, options, SCHEMA, String.join(", ", rows));
    }

    private static String json(long id, String amount, String at, String region) {
        return "{\"id\": %d, \"amount\": %s, \"at\": \"%s\", \"region\": \"%s\"}".formatted(id, amount, at, region);
    }

    /** A row as Java values, the decimal at the column's scale. */
    private static Map<String, Object> row(long id, String amount, String at, String region) {
        return row(id, new BigDecimal(amount).setScale(18), Instant.parse(at), region);
    }

    private static Map<String, Object> row(long id, BigDecimal amount, Instant at, String region) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("amount", amount);
        row.put("at", at);
        row.put("region", region);
        return row;
    }

    private static List<Map<String, Object>> byId(List<Map<String, Object>> rows) {
        return rows.stream().sorted(Comparator.comparing(row -> (Long) row.get("id"))).toList();
    }

    /** The preview's rows as the same Java values (its timestamps are ISO text with their offset). */
    private List<Map<String, Object>> previewRows(String table) {
        JsonNode preview = EXACT.readTree(sluice.getText("/api/v1/tables/" + table + "/preview?limit=100"));
        List<Map<String, Object>> rows = new ArrayList<>();
        preview.get("rows").forEach(r -> rows.add(row(r.get("id").asLong(), r.get("amount").decimalValue(),
                Instant.parse(r.get("at").asString()), r.get("region").asString())));
        return byId(rows);
    }

    /** The table's commits, oldest first: each the actions of one {@code _delta_log/<version>.json}. */
    private static List<List<JsonNode>> commits(String location) {
        try (Stream<Path> files = Files.list(Path.of(URI.create(location)).resolve("_delta_log"))) {
            return files.filter(f -> f.getFileName().toString().matches("\\d{20}\\.json")).sorted()
                    .map(DeltaKernelIntegrationTests::actions).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<JsonNode> actions(Path commit) {
        try {
            return Files.readAllLines(commit).stream().map(EXACT::readTree).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode commitInfo(List<JsonNode> commit) {
        return commit.stream().filter(a -> a.has("commitInfo")).findFirst().orElseThrow().get("commitInfo");
    }

    private static String operation(List<JsonNode> commit) {
        return commitInfo(commit).get("operation").asString();
    }

    private static long metric(List<JsonNode> commit, String name) {
        return Long.parseLong(commitInfo(commit).get("operationMetrics").get(name).asString());
    }

    /** The cardinality of the deletion vector of each file the commit adds with one. */
    private static List<Long> deletionVectorCardinalities(List<JsonNode> commit) {
        return commit.stream().filter(a -> a.has("add") && a.get("add").has("deletionVector"))
                .map(a -> a.get("add").get("deletionVector").get("cardinality").asLong()).sorted().toList();
    }
}
