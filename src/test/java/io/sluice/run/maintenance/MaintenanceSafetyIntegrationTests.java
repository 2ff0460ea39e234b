package io.sluice.run.maintenance;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import io.sluice.support.FakeApi;
import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * What maintenance must never do: show a reader partial rows, take away a version a restore returns to, overlap a write
 * to its table, or record a run for a request it refuses.
 */
@SluiceIntegrationTest
class MaintenanceSafetyIntegrationTests {

    @Autowired
    SluiceClient sluice;

    @Autowired
    SparkSession spark;

    /**
     * A reader's query, each on a session of its own as a user's is, sees every row while a compaction swaps the files
     * (Delta: a new snapshot; Parquet: the metastore pointed at the new directories, the old ones kept for rollback) and
     * a Delta vacuum runs: it keeps the files replaced within its retention, so a read still on the version before loses none.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "delta", "parquet" })
    void aReaderScanningTheTableWhileItIsCompactedAndVacuumedShouldSeeEveryRowEveryTime(String format) throws Exception {
        String table = SluiceClient.uniqueTable("safe_read_" + format);
        for (long run = 0; run < 6; run++) { // six files in each of two days
            ok(append(table, format, LongStream.rangeClosed(5 * run + 1, 5 * run + 5).mapToObj(id -> row(id, id % 2 == 0 ? "2024-08-01" : "2024-08-02"))
                    .toArray(String[]::new)));
        }
        List<Long> oracle = List.of(30L, 465L); // count(*), sum(id) of ids 1..30
        assertThat(scan(table)).isEqualTo(oracle);

        AtomicBoolean maintaining = new AtomicBoolean(true);
        CompletableFuture<List<String>> reader = CompletableFuture.supplyAsync(() -> {
            List<String> reads = new ArrayList<>();
            do { // one read more after the maintenance ended
                boolean last = !maintaining.get();
                try {
                    reads.add(scan(table).toString());
                } catch (RuntimeException e) {
                    reads.add(e.toString());
                }
                if (last) {
                    break;
                }
            } while (true);
            return reads;
        });
        JsonNode compaction = ok(maintain(table, "{\"operation\": \"compact\", \"minFiles\": 2}"));
        if (format.equals("delta")) {
            JsonNode vacuum = ok(maintain(table, "{\"operation\": \"vacuum\", \"retentionHours\": 1}"));
            assertThat(vacuum.get("metrics").get("filesRemoved").asLong()).as("the compaction's files replaced within the hour").isZero();
        }
        maintaining.set(false);
        List<String> reads = reader.get();

        assertThat(compaction.get("metrics").get("filesRemoved").asLong()).isEqualTo(12);
        assertThat(reads).isNotEmpty().containsOnly(oracle.toString());
        assertThat(sluice.rows(table, "id")).hasSize(30);
    }

    /**
     * Versions 0..4 written (merges, then appends), then compacted (and on Delta vacuumed with a week's retention): a
     * restore to each, from the newest back, gives its rows.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "delta", "parquet" })
    void aRestoreToEveryVersionShouldGiveItsRowsAfterACompactionAndAVacuum(String format) {
        String table = SluiceClient.uniqueTable("safe_restore_" + format);
        TreeMap<Long, List<Map<String, Object>>> versions = new TreeMap<>();
        versions.put(version(table, ok(append(table, format, row(1, "2024-08-01"), row(2, "2024-08-02"), row(7, "2024-08-02")))), sluice.rows(table, "id"));
        versions.put(version(table, ok(sluice.submit(write(table, "merge", "\"keys\": [\"id\"], \"whenMatched\": \"delete\",",
                row(2, "2024-08-02"))))), sluice.rows(table, "id"));
        versions.put(version(table, ok(sluice.submit(write(table, "merge", "\"keys\": [\"id\"],", row(1, "2024-08-02"), row(6, "2024-08-01"))))),
                sluice.rows(table, "id"));
        versions.put(version(table, ok(append(table, format, row(3, "2024-08-01")))), sluice.rows(table, "id"));
        versions.put(version(table, ok(append(table, format, row(4, "2024-08-01"), row(5, "2024-08-02")))), sluice.rows(table, "id"));
        assertThat(versions.keySet()).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(versions.get(4L)).containsExactly(event(1, "2024-08-02"), event(3, "2024-08-01"), event(4, "2024-08-01"),
                event(5, "2024-08-02"), event(6, "2024-08-01"), event(7, "2024-08-02"));

        JsonNode compaction = ok(maintain(table, "{\"operation\": \"compact\", \"minFiles\": 2}"));
        assertThat(compaction.get("metrics").get("filesRemoved").asLong()).isPositive();
        if (format.equals("delta")) {
            ok(maintain(table, "{\"operation\": \"vacuum\", \"retentionHours\": 168}"));
        }

        // newest first: a Parquet restore rolls back the changes after the version, so the later ones are gone after it
        versions.descendingMap().forEach((version, rows) -> {
            ok(sluice.exchangeId("/api/v1/tables/" + table + "/restore", "{\"version\": " + version + "}"));
            assertThat(sluice.rows(table, "id")).as("version %d", version).isEqualTo(rows);
        });
    }

    /** A compaction submitted while a write to its table runs waits QUEUED in the table's lane, and compacts after it. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "delta", "parquet" })
    void aCompactionSubmittedDuringAWriteShouldWaitForIt(String format) throws InterruptedException {
        String table = SluiceClient.uniqueTable("safe_wait_" + format);
        try (FakeApi api = FakeApi.start(3, 2)) {
            ok(sluice.submit(pull(table, format, api, 1)));
            api.resetHits();
            api.hold();
            String write = sluice.submit(pull(table, format, api, 2));
            api.awaitFirstHit(Duration.ofMinutes(1));

            String compaction = maintain(table, "{\"operation\": \"compact\", \"minFiles\": 2}");
            assertThat(sluice.run(compaction).get("status").asString()).isEqualTo("QUEUED");
            assertThat(sluice.run(write).get("status").asString()).isEqualTo("RUNNING");
            assertThat(sluice.run(compaction).get("status").asString()).as("still, the write held").isEqualTo("QUEUED");
            api.release();

            JsonNode written = ok(write);
            JsonNode compacted = ok(compaction);
            assertThat(OffsetDateTime.parse(compacted.get("startedAt").asString()))
                    .isAfterOrEqualTo(OffsetDateTime.parse(written.get("finishedAt").asString()));
            JsonNode history = sluice.get("/api/v1/tables/" + table + "/history").getBody();
            assertThat(List.of(history.get(0).get("runId").asString(), history.get(1).get("runId").asString()))
                    .as("the compaction's version after the write's").containsExactly(compaction, write);
            if (format.equals("delta")) {
                assertThat(compacted.get("tableVersionBefore").asLong()).isEqualTo(written.get("tableVersionAfter").asLong());
            }
            List<Map<String, Object>> expected = new ArrayList<>(FakeApi.stints(1, 1, 3, 2));
            expected.addAll(FakeApi.stints(2, 1, 3, 2));
            assertThat(sluice.rows(table, "session_key").stream().map(MaintenanceSafetyIntegrationTests::withoutLineage).toList())
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void badMaintenanceRequestsShouldBeProblemsThatRecordNothing() {
        String delta = SluiceClient.uniqueTable("safe_bad");
        String parquet = SluiceClient.uniqueTable("safe_bad_parquet");
        ok(append(delta, "delta", row(1, "2024-08-01"), row(2, "2024-08-01")));
        ok(append(parquet, "parquet", row(1, "2024-08-01"), row(2, "2024-08-01")));
        for (String table : List.of(delta, parquet)) {
            long runs = runs(table);
            List<Map<String, Object>> rows = sluice.rows(table, "id");
            for (String query : List.of("", "?dryRun=true")) {
                refused(table + "/maintenance" + query, "{\"operation\": \"compact\", \"minFiles\": 0}", HttpStatus.UNPROCESSABLE_CONTENT, "minFiles");
                refused(table + "/maintenance" + query, "{\"operation\": \"compact\", \"minFiles\": -3}", HttpStatus.UNPROCESSABLE_CONTENT, "minFiles");
                refused(table + "/maintenance" + query, "{\"operation\": \"compact\", \"targetFileSize\": 1048575}", HttpStatus.UNPROCESSABLE_CONTENT,
                        "targetFileSize");
                refused(table + "/maintenance" + query, "{\"operation\": \"compact\", \"targetFileSize\": -1}", HttpStatus.UNPROCESSABLE_CONTENT,
                        "targetFileSize");
                refused(table + "/maintenance" + query, "{\"operation\": \"optimize\"}", HttpStatus.UNPROCESSABLE_CONTENT, "operation");
                refused("it.no_such_table_" + table.substring(3) + "/maintenance" + query, "{\"operation\": \"compact\"}", HttpStatus.NOT_FOUND,
                        "no_such_table");
            }
            refused(table + "/maintenance", "{\"operation\": \"vacuum\", \"retentionHours\": -1}", HttpStatus.UNPROCESSABLE_CONTENT, "retentionHours");
            assertThat(runs(table)).as("no run recorded for %s", table).isEqualTo(runs);
            assertThat(sluice.rows(table, "id")).isEqualTo(rows);
        }
    }

    /** count(*) and sum(id), through the catalog on a new session. */
    private List<Long> scan(String table) {
        Row row = spark.newSession().table(table).agg(count(lit(1)), sum("id")).first();
        return List.of(row.getLong(0), row.getLong(1));
    }

    private void refused(String path, String body, HttpStatus status, String detail) {
        ResponseEntity<JsonNode> response = sluice.post("/api/v1/tables/" + path, body);
        assertThat(response.getStatusCode()).as("%s %s: %s", path, body, response.getBody()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(response.getBody().toString()).contains(detail);
    }

    private long runs(String table) {
        return sluice.get("/api/v1/runs?table=" + table).getBody().get("total").asLong();
    }

    /** The table's version after the run, as its history names it (a Parquet run's own versions are the ledger's). */
    private long version(String table, JsonNode run) {
        JsonNode latest = sluice.get("/api/v1/tables/" + table + "/history").getBody().get(0);
        assertThat(latest.get("runId").asString()).isEqualTo(run.get("id").asString());
        return latest.get("version").asLong();
    }

    private String maintain(String table, String body) {
        return sluice.exchangeId("/api/v1/tables/" + table + "/maintenance", body);
    }

    private String append(String table, String format, String... rows) {
        return sluice.submit(write(table, "append", "\"format\": \"" + format + "\", \"partitionBy\": [\"day\"],", rows));
    }

    private static String write(String table, String strategy, String options, String... rows) {
        return """
                {"table": "%s", "strategy": "%s", %s
                 "source": {"type": "inline", "schema": "id BIGINT, day DATE", "rows": [%s]}}""".formatted(table, strategy, options,
                String.join(", ", rows));
    }

    private static String pull(String table, String format, FakeApi api, int sessionKey) {
        return """
                {"table": "%s", "format": "%s", "strategy": "append",
                 "source": {"type": "http", "name": "%s-%d", "endpoint": "stints", "url": "%s/v1/stints",
                            "parameters": [{"session_key": %d, "driver_number": 1}], "concurrency": 1,
                            "pagination": {"type": "next_link", "nextField": "next"}, "recordsPath": "results",
                            "schema": "session_key INT, driver_number INT, stint_number INT, compound STRING, lap_start INT, lap_end INT"}}"""
                .formatted(table, format, table.substring(3), sessionKey, api.baseUrl(), sessionKey);
    }

    private static Map<String, Object> withoutLineage(Map<String, Object> row) {
        return row.entrySet().stream().filter(e -> !e.getKey().startsWith("_")).collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static String row(long id, String day) {
        return "{\"id\": %d, \"day\": \"%s\"}".formatted(id, day);
    }

    private static Map<String, Object> event(long id, String day) {
        return Map.of("id", (int) id, "day", day);
    }

    private JsonNode ok(String runId) {
        JsonNode run = sluice.awaitEnd(runId);
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        return run;
    }
}
