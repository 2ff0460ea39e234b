package io.sluice.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import io.sluice.support.FakeApi;
import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * http sources against a real API server on loopback (OpenF1-shaped): every page staged, exact bronze
 * contents with lineage, retries and no-data answers, failures recorded, reruns that fetch only what is
 * missing, retention both ways, and reloads from staging with the API server stopped.
 */
@SluiceIntegrationTest
class HttpSourceIntegrationTests {

    static final String CAR_DATA = "meeting_key INT, session_key INT, driver_number INT, date STRING, rpm INT, speed INT, n_gear INT, "
            + "throttle INT, brake INT, drs INT";
    static final String LAPS = "meeting_key INT, session_key INT, driver_number INT, lap_number INT, lap_duration DOUBLE, "
            + "is_pit_out_lap BOOLEAN, date_start STRING";
    static final String STINTS = "session_key INT, driver_number INT, stint_number INT, compound STRING, lap_start INT, lap_end INT";
    static final List<String> LINEAGE = List.of("_run_id", "_ingested_at", "_source_file");

    @Autowired
    SluiceClient sluice;
    @Value("${sluice.sources.http.staging-root}")
    Path stagingRoot;

    FakeApi api;
    /** A source name of this test's own, so staged batches of other tests and builds never meet. */
    String source;

    @BeforeEach
    void start() {
        api = FakeApi.start(3, 3);
        source = "openf1-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void carDataShouldBeStagedPageByPageAndLoadedWithLineage() throws Exception {
        String table = SluiceClient.uniqueTable("car_data");
        JsonNode run = sluice.submitAndAwait(request(table, "append", """
                {"type": "http", "name": "%s", "endpoint": "car_data", "url": "%s/v1/car_data",
                 "parameters": [{"session_key": 9158, "driver_number": 1}, {"session_key": 9158, "driver_number": 16}],
                 "filters": ["speed>=100"], "pagination": {"type": "page", "param": "page"}, "schema": "%s", "concurrency": 2}"""
                .formatted(source, api.baseUrl(), CAR_DATA)));

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        List<Map<String, Object>> expected = new ArrayList<>();
        for (int driver : new int[] { 1, 16 }) {
            FakeApi.carData(9158, driver, 3, 3).stream().filter(r -> (Integer) r.get("speed") >= 100).forEach(expected::add);
        }
        List<Map<String, Object>> rows = sluice.rows(table, "date");
        assertThat(rows.stream().map(HttpSourceIntegrationTests::data).toList()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.get("_run_id")).isEqualTo(run.get("id").asString());
            assertThat(row.get("_ingested_at")).isNotNull();
            assertThat((String) row.get("_source_file")).matches(".*/driver_number=(1__session_key=9158__page-00001|16__session_key=9158__page-0000[1-3])\\.jsonl");
        });
        JsonNode pull = run.get("pull");
        assertThat(pull.get("requestsTotal").asInt()).isEqualTo(2);
        assertThat(pull.get("requestsDone").asInt()).isEqualTo(2);
        assertThat(pull.get("rowsStaged").asLong()).isEqualTo(expected.size());
        assertThat(run.get("metrics").get("rowsInserted").asLong()).isEqualTo(expected.size());
        // the API filters, then pages: driver 1 has one fast sample (page 1, then an empty page 2), driver 16 three full
        // pages and an empty fourth; an empty page ends a request and leaves no file
        assertThat(api.hits("/v1/car_data", Map.of("driver_number", "1"))).isEqualTo(2);
        assertThat(api.hits("/v1/car_data", Map.of("driver_number", "16"))).isEqualTo(4);
        Path batch = onlyBatch("car_data");
        assertThat(Files.readAllLines(batch.resolve("_manifest.jsonl"))).hasSize(2);
        assertThat(Files.exists(batch.resolve("_metadata.json"))).isTrue();
        try (Stream<Path> files = Files.list(batch)) {
            assertThat(files.filter(f -> f.toString().endsWith(".jsonl") && !f.getFileName().toString().startsWith("_")).count())
                    .isEqualTo(4);
        }
    }

    /**
     * One request per (session, driver) row of a table; a 500 twice and a 429 with Retry-After are
     * retried; a 422 is no data (no file); a malformed page fails only its request. Tolerated: the run
     * loads the rest and says what failed.
     */
    @Test
    void faultsShouldBeRetriedCountedOrRecordedAndTheRestLoaded() {
        String sessions = SluiceClient.uniqueTable("sessions");
        assertThat(sluice.submitAndAwait("""
                {"table": "%s", "strategy": "append", "source": {"type": "inline", "schema": "session_key INT, driver_number INT",
                 "rows": [{"session_key": 1, "driver_number": 1}, {"session_key": 1, "driver_number": 2},
                          {"session_key": 1, "driver_number": 3}, {"session_key": 1, "driver_number": 4}]}}""".formatted(sessions))
                .get("status").asString()).isEqualTo("SUCCEEDED");
        api.failWith("/v1/laps", 1, 1, 2, 500, 2).tooManyRequests("/v1/laps", 1, 1, 3, 1)
                .failWith("/v1/laps", 1, 2, 1, 422, Integer.MAX_VALUE).malformed("/v1/laps", 1, 3, 2);
        String table = SluiceClient.uniqueTable("laps");

        JsonNode run = sluice.submitAndAwait(request(table, "append", """
                {"type": "http", "name": "%s", "endpoint": "laps", "url": "%s/v1/laps",
                 "parametersFrom": {"table": "%s", "columns": ["session_key", "driver_number"]},
                 "pagination": {"type": "offset", "param": "offset", "sizeParam": "limit", "size": 3}, "recordsPath": "data",
                 "schema": "%s", "retry": {"initialBackoffMillis": 10}, "failurePolicy": "tolerate"}"""
                .formatted(source, api.baseUrl(), sessions, LAPS)));

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        JsonNode pull = run.get("pull");
        assertThat(List.of(pull.get("requestsTotal").asInt(), pull.get("requestsDone").asInt(), pull.get("requestsNoData").asInt(),
                pull.get("requestsFailed").asInt(), pull.get("requestsRemaining").asInt())).containsExactly(4, 2, 1, 1, 0);
        assertThat(pull.get("failures").get(0).get("request").asString()).isEqualTo("driver_number=3__session_key=1");
        assertThat(pull.get("failures").get(0).get("reason").asString()).startsWith("page 2 is not valid JSON");
        List<Map<String, Object>> expected = new ArrayList<>(FakeApi.laps(1, 1, 3, 3));
        expected.addAll(FakeApi.laps(1, 4, 3, 3));
        assertThat(sluice.rows(table, "date_start").stream().map(HttpSourceIntegrationTests::data).toList())
                .containsExactlyInAnyOrderElementsOf(expected);
        // driver 1: pages 1-3 plus the empty 4th, page 2 twice more (two 500s), page 3 once more (429)
        assertThat(api.hits("/v1/laps", Map.of("driver_number", "1"))).isEqualTo(7);
        assertThat(api.hits("/v1/laps", Map.of("driver_number", "2"))).as("422 is an answer, not retried").isEqualTo(1);
        assertThat(api.hits("/v1/laps", Map.of("driver_number", "3"))).as("malformed JSON is not retried").isEqualTo(2);
    }

    /**
     * Default policy: a failed request fails the run and nothing is loaded; the rerun of the batch
     * fetches only the failed request (counted at the server) and loads everything.
     */
    @Test
    void aRerunShouldFetchOnlyTheRequestsThatDidNotComplete() {
        api.failWith("/v1/stints", 7, 2, 2, 503, 2);
        String table = SluiceClient.uniqueTable("stints");
        String request = request(table, "append", """
                {"type": "http", "name": "%s", "endpoint": "stints", "url": "%s/v1/stints",
                 "parameters": [{"session_key": 7, "driver_number": 1}, {"session_key": 7, "driver_number": 2},
                                {"session_key": 7, "driver_number": 3}],
                 "pagination": {"type": "next_link", "nextField": "next"}, "recordsPath": "results", "schema": "%s",
                 "retry": {"maxAttempts": 2, "initialBackoffMillis": 10}}""".formatted(source, api.baseUrl(), STINTS));

        JsonNode failed = sluice.submitAndAwait(request);
        assertThat(failed.get("status").asString()).isEqualTo("FAILED");
        assertThat(failed.get("error").get("code").asString()).isEqualTo("SOURCE_FAILED");
        assertThat(failed.get("error").get("message").asString()).contains("1 of 3 requests failed", "HTTP 503 after 2 attempt(s)");
        assertThat(sluice.get("/api/v1/tables/" + table).getStatusCode()).as("nothing loaded").isEqualTo(HttpStatus.NOT_FOUND);
        api.resetHits();

        JsonNode rerun = sluice.submitAndAwait(request);

        assertThat(rerun.get("status").asString()).as(rerun.toString()).isEqualTo("SUCCEEDED");
        assertThat(api.hits()).as("only driver 2's three pages").isEqualTo(3);
        assertThat(api.hits("/v1/stints", Map.of("driver_number", "2"))).isEqualTo(3);
        assertThat(rerun.get("pull").get("requestsSkipped").asInt()).isEqualTo(2);
        List<Map<String, Object>> expected = new ArrayList<>();
        for (int driver = 1; driver <= 3; driver++) {
            expected.addAll(FakeApi.stints(7, driver, 3, 3));
        }
        assertThat(sluice.rows(table, "stint_number").stream().map(HttpSourceIntegrationTests::data).toList())
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    /** Kept pages rebuild a table with the API server gone; retention delete removes the batch after the load. */
    @Test
    void retentionShouldKeepPagesForReloadsOrDeleteThem() {
        String kept = SluiceClient.uniqueTable("kept");
        String pull = """
                {"type": "http", "name": "%s", "endpoint": "%s", "url": "%s/v1/car_data",
                 "parameters": [{"session_key": 1, "driver_number": 44}], "pagination": {"type": "page", "param": "page"},
                 "schema": "%s", "retention": "%s"}""";
        assertThat(sluice.submitAndAwait(request(kept, "append", pull.formatted(source, "car_data", api.baseUrl(), CAR_DATA, "keep")))
                .get("status").asString()).isEqualTo("SUCCEEDED");
        String deleted = SluiceClient.uniqueTable("deleted");
        assertThat(sluice.submitAndAwait(request(deleted, "append", pull.formatted(source, "car_data_2", api.baseUrl(), CAR_DATA,
                "delete"))).get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(stagingRoot.resolve(source).resolve("car_data_2")).isEmptyDirectory();
        api.close();

        String rebuilt = SluiceClient.uniqueTable("rebuilt");
        JsonNode reload = sluice.submitAndAwait(request(rebuilt, "append", """
                {"type": "staging", "name": "%s", "endpoint": "car_data", "schema": "%s"}""".formatted(source, CAR_DATA)));

        assertThat(reload.get("status").asString()).as(reload.toString()).isEqualTo("SUCCEEDED");
        assertThat(sluice.rows(rebuilt, "date").stream().map(HttpSourceIntegrationTests::data).toList())
                .containsExactlyElementsOf(FakeApi.carData(1, 44, 3, 3))
                .containsExactlyElementsOf(sluice.rows(kept, "date").stream().map(HttpSourceIntegrationTests::data).toList());
        assertThat(sluice.post("/api/v1/runs", request(SluiceClient.uniqueTable("none"), "append", """
                {"type": "staging", "name": "%s", "endpoint": "car_data_2"}""".formatted(source))).getStatusCode())
                .as("the deleted batch is gone").isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
    }

    @Test
    void aPageThatConflictsWithTheSchemaOrAnUnreachableHostShouldFailItsRequestWithTheReason() {
        api.conflictingSchema("/v1/car_data", 2, 5, 2);
        String table = SluiceClient.uniqueTable("conflict");
        JsonNode run = sluice.submitAndAwait(request(table, "append", """
                {"type": "http", "name": "%s", "endpoint": "car_data", "url": "%s/v1/car_data",
                 "parameters": [{"session_key": 2, "driver_number": 5}], "pagination": {"type": "page", "param": "page"},
                 "schema": "%s"}""".formatted(source, api.baseUrl(), CAR_DATA)));
        assertThat(run.get("status").asString()).isEqualTo("FAILED");
        assertThat(run.get("pull").get("failures").get(0).get("reason").asString())
                .isEqualTo("page 2 does not fit the pull's schema: field 'speed' is string here but the schema says int (value \"fast\")");

        int closedPort = api.port();
        api.close();
        JsonNode unreachable = sluice.submitAndAwait(request(table, "append", """
                {"type": "http", "name": "%s", "endpoint": "gone", "url": "http://127.0.0.1:%d/v1/car_data",
                 "schema": "%s", "retry": {"maxAttempts": 2, "initialBackoffMillis": 10}}""".formatted(source, closedPort, CAR_DATA)));
        assertThat(unreachable.get("status").asString()).isEqualTo("FAILED");
        assertThat(unreachable.get("error").get("message").asString()).contains("connection failed", "after 2 attempt(s)");
    }

    @Test
    void aRunningPullShouldShowItsProgress() {
        api.latencyMillis(150);
        List<String> sets = new ArrayList<>();
        for (int driver = 1; driver <= 8; driver++) {
            sets.add("{\"session_key\": 3, \"driver_number\": %d}".formatted(driver));
        }
        String id = sluice.submit(request(SluiceClient.uniqueTable("progress"), "append", """
                {"type": "http", "name": "%s", "endpoint": "car_data", "url": "%s/v1/car_data", "parameters": [%s],
                 "pagination": {"type": "page", "param": "page", "size": 3}, "schema": "%s", "concurrency": 1}"""
                .formatted(source, api.baseUrl(), String.join(",", sets), CAR_DATA)));
        JsonNode seen = null;
        for (int i = 0; i < 200 && seen == null; i++) {
            JsonNode run = sluice.run(id);
            if (run.get("status").asString().equals("RUNNING") && !run.get("pull").isNull() && run.get("pull").get("requestsDone").asInt() >= 1) {
                seen = run;
            }
            SluiceClient.sleep(50);
        }
        assertThat(seen).as("a running run with progress").isNotNull();
        assertThat(seen.get("pull").get("requestsTotal").asInt()).isEqualTo(8);
        assertThat(seen.get("pull").get("requestsRemaining").asInt()).isBetween(1, 7);
        JsonNode done = sluice.awaitEnd(id);
        assertThat(done.get("pull").get("requestsDone").asInt()).isEqualTo(8);
        assertThat(done.get("pull").get("rowsStaged").asLong()).isEqualTo(72);
    }

    @Test
    void requestsOutsideTheConfigurationShouldBeRefusedWithAProblem() {
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("""
                {"type": "http", "name": "x", "endpoint": "y", "url": "http://example.com/v1/car_data"}""", "source.url");
        refused.put("""
                {"type": "http", "name": "x", "endpoint": "y", "url": "file:///etc/passwd"}""", "source.url");
        refused.put("""
                {"type": "http", "name": "../x", "endpoint": "y", "url": "http://127.0.0.1:1/a"}""", "source.name");
        refused.put("""
                {"type": "http", "name": "x", "endpoint": "y", "url": "http://127.0.0.1:1/a", "filters": ["speed"]}""",
                "source.filters");
        refused.put("""
                {"type": "http", "name": "x", "endpoint": "y", "url": "http://127.0.0.1:1/a/{session}"}""", "source.url");
        refused.put("""
                {"type": "http", "name": "x", "endpoint": "y", "url": "http://127.0.0.1:1/a", "concurrency": 1000}""",
                "source.concurrency");
        refused.put("""
                {"type": "http", "name": "x", "endpoint": "y", "url": "http://127.0.0.1:1/a", "pagination": {"type": "offset"}}""",
                "source.pagination");
        refused.put("""
                {"type": "staging", "name": "nothing-here", "endpoint": "y"}""", "source.endpoint");
        refused.forEach((source, field) -> {
            ResponseEntity<JsonNode> response = sluice.post("/api/v1/runs", request(SluiceClient.uniqueTable("refused"), "append", source));
            assertThat(response.getStatusCode()).as(source).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
            assertThat(response.getBody().toString()).as(source).contains(field);
        });
    }

    private Path onlyBatch(String endpoint) throws Exception {
        try (Stream<Path> batches = Files.list(stagingRoot.resolve(source).resolve(endpoint))) {
            List<Path> all = batches.toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    static String request(String table, String strategy, String source) {
        return """
                {"table": "%s", "strategy": "%s", "source": %s}""".formatted(table, strategy, source);
    }

    /** A row without the lineage columns. */
    static Map<String, Object> data(Map<String, Object> row) {
        Map<String, Object> data = new LinkedHashMap<>(row);
        LINEAGE.forEach(data::remove);
        return data;
    }
}
