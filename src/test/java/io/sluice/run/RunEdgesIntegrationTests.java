package io.sluice.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import io.sluice.SluiceProperties;
import io.sluice.problem.OverloadedException;
import io.sluice.support.FakeApi;
import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import tools.jackson.databind.JsonNode;
import io.sluice.run.execution.RunScheduler;

/**
 * Edges of submission: restores that would change nothing, a run checked against the table a queued create
 * will make, refusals past the queue bound that leave nothing behind, and the partitioning a run document
 * shows. Every refusal is a problem, changes nothing and leaves no run waiting.
 */
@SluiceIntegrationTest
class RunEdgesIntegrationTests {

    static final String ROW_SCHEMA = "id BIGINT, day STRING";
    static final String STINTS = "session_key INT, driver_number INT, stint_number INT, compound STRING, lap_start INT, lap_end INT";

    @Autowired
    SluiceClient sluice;
    @Autowired
    SluiceProperties properties;
    @Autowired
    SparkSession spark;
    @Autowired
    RunScheduler scheduler;

    @Test
    void aDeltaRestoreToATimeToComeOrToTheCurrentVersionShouldBeRefusedAndChangeNothing() {
        String table = SluiceClient.uniqueTable("restore_noop");
        succeeded(append(table, "delta", row(1, "a")));
        JsonNode appended = succeeded(append(table, "delta", row(2, "b")));
        String future = OffsetDateTime.now(ZoneOffset.UTC).plusDays(1).toString();

        assertRefused(restore(table, "{\"timestamp\": \"" + future + "\"}"), table, 1L, "timestamp", "in the future");
        assertRefused(restore(table, "{\"version\": 1}"), table, 1L, "version", "version 1 is the current version");
        assertRefused(restore(table, "{\"timestamp\": \"" + appended.get("finishedAt").asString() + "\"}"), table, 1L, "timestamp",
                "its current version");
        assertThat(sluice.get("/api/v1/tables/" + table + "/history").getBody()).hasSize(2);
        assertThat(sluice.rows(table, "id")).containsExactly(Map.of("id", 1, "day", "a"), Map.of("id", 2, "day", "b"));

        JsonNode restored = succeeded(sluice.exchangeId("/api/v1/tables/" + table + "/restore", "{\"version\": 0}"));
        assertThat(restored.get("tableVersionAfter").asLong()).isEqualTo(2);
        assertThat(sluice.rows(table, "id")).containsExactly(Map.of("id", 1, "day", "a"));
    }

    @Test
    void aParquetRestoreToATimeToComeOrToTheCurrentVersionShouldBeRefusedAndChangeNothing() {
        String table = SluiceClient.uniqueTable("pq_restore_noop");
        succeeded(append(table, "parquet", row(1, "a")));
        JsonNode appended = succeeded(append(table, "parquet", row(2, "b")));
        String future = OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(5).toString();

        assertRefused(restore(table, "{\"timestamp\": \"" + future + "\"}"), table, null, "timestamp", "in the future");
        assertRefused(restore(table, "{\"version\": 1}"), table, null, "version", "version 1 is the current version");
        assertRefused(restore(table, "{\"timestamp\": \"" + appended.get("finishedAt").asString() + "\"}"), table, null, "timestamp",
                "its current version");
        assertThat(sluice.get("/api/v1/tables/" + table + "/history").getBody()).hasSize(2);
        assertThat(sluice.rows(table, "id")).containsExactly(Map.of("id", 1, "day", "a"), Map.of("id", 2, "day", "b"));
    }

    /** The create is still loading when the overwrite is submitted: the overwrite is checked against the partitioned table it makes. */
    @Test
    void aDynamicOverwriteQueuedBehindTheCreateOfAPartitionedTableShouldBeAcceptedAndReplaceOnlyItsPartition() throws IOException {
        String table = SluiceClient.uniqueTable("queued_create");
        int rows = 200_000;
        String create = sluice.submit(createFromCsv(table, csv(table, rows)));
        assertThat(sluice.run(create).get("status").asString()).as("the create is still ahead").isIn("QUEUED", "RUNNING");

        ResponseEntity<JsonNode> overwrite = sluice.post("/api/v1/runs", """
                {"table": "%s", "strategy": "dynamic_overwrite",
                 "source": {"type": "inline", "schema": "%s", "rows": [%s, %s]}}"""
                .formatted(table, ROW_SCHEMA, row(-1, "even"), row(-2, "even")));

        assertThat(overwrite.getStatusCode()).as("%s", overwrite.getBody()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(overwrite.getBody().get("partitionBy").toString()).isEqualTo("[\"day\"]");
        assertThat(succeeded(create).get("tableVersionAfter").asLong()).isZero();
        JsonNode replaced = succeeded(overwrite.getBody().get("id").asString());
        assertThat(replaced.get("tableVersionBefore").asLong()).isZero();
        assertThat(replaced.get("metrics").get("partitionsReplaced").toString()).isEqualTo("[{\"day\":\"even\"}]");
        assertThat(ids(table, "even")).containsExactly(-2L, -1L);
        assertThat(spark.table(table).where("day = 'odd'").count()).isEqualTo(rows / 2);
        assertThat(spark.table(table).where("day = 'odd'").select("id")
                .except(spark.range(rows).where("id % 2 = 1").toDF("id")).count()).as("the odd partition as the create left it").isZero();
    }

    /** A create that never happens: the run checked against its table fails at its start, and creates no table of its own. */
    @Test
    void aRunQueuedBehindACreateThatIsCancelledShouldFailAtItsStartAndCreateNothing() throws InterruptedException {
        String table = SluiceClient.uniqueTable("cancelled_create");
        // A slow API, not a big file: 50 pages one after another, 200 ms each, so the create is still reading when it is
        // cancelled; a handful of rows.
        try (FakeApi api = FakeApi.start(3, 50).latencyMillis(200)) {
            String create = sluice.submit(createFromApi(table, api));
            String overwrite = sluice.submit("""
                    {"table": "%s", "strategy": "dynamic_overwrite", "source": {"type": "inline", "schema": "%s",
                     "rows": [{"session_key": 1, "driver_number": 1, "stint_number": 1, "compound": "SOFT", "lap_start": 1, "lap_end": 9}]}}"""
                    .formatted(table, STINTS));
            api.awaitFirstHit(Duration.ofMinutes(1)); // the create is running: it has asked for its first page

            // 202 while it stops; 200 if the run had ended CANCELLED before the answer was made
            assertThat(sluice.delete("/api/v1/runs/" + create).getStatusCode()).isIn(HttpStatus.ACCEPTED, HttpStatus.OK);

            assertThat(sluice.awaitEnd(create).get("status").asString()).isEqualTo("CANCELLED");
            JsonNode failed = sluice.awaitEnd(overwrite);
            assertThat(failed.get("status").asString()).isEqualTo("FAILED");
            assertThat(failed.get("error").get("code").asString()).isEqualTo("TABLE_CONFLICT");
            assertThat(failed.get("error").get("message").asString()).isEqualTo(("run %s, queued before this one, was to create table %s and "
                    + "did not; this run was checked against that table and writes nothing: submit it again").formatted(create, table));
            assertThat(sluice.get("/api/v1/tables/" + table).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
            assertNoRunActive(table);
        }
    }

    @Test
    void aRunQueuedBehindACreateShouldBeRefusedWhenItContradictsTheTableThatCreateMakes() throws IOException {
        String table = SluiceClient.uniqueTable("contradicts_create");
        String create = sluice.submit(createFromCsv(table, csv(table, 200_000)));
        assertThat(sluice.run(create).get("status").asString()).as("the create is still ahead").isIn("QUEUED", "RUNNING");

        ResponseEntity<JsonNode> refused = sluice.post("/api/v1/runs", """
                {"table": "%s", "strategy": "append", "partitionBy": ["id"], "source": {"type": "inline", "schema": "%s", "rows": [%s]}}"""
                .formatted(table, ROW_SCHEMA, row(-1, "even")));

        assertProblem(refused, HttpStatus.UNPROCESSABLE_CONTENT, "invalid-request");
        assertThat(refused.getBody().get("errors").get(0).get("field").asString()).isEqualTo("partitionBy");
        assertThat(refused.getBody().get("errors").get(0).get("message").asString())
                .isEqualTo(("table %s (created by run %s, queued before this one) is partitioned by [day], not [id]; omit partitionBy or "
                        + "give the table's").formatted(table, create));
        succeeded(create);
        assertThat(sluice.get("/api/v1/runs?table=" + table).getBody().get("total").asInt()).as("the refusal left no run").isEqualTo(1);
    }

    /** A 503 is answered at once and no run is recorded; the key sent with it is as good as new. */
    @Test
    void submissionsPastTheQueueBoundShouldBeRefusedRecordingNothingAndTheirKeyReusable() {
        String table = SluiceClient.uniqueTable("overloaded");
        String request = appendRequest(table, "delta", row(1, "a"));
        String key = "edges-" + table;
        List<RunScheduler.Place> taken = new ArrayList<>();
        try {
            fill(taken);
            assertOverloaded(sluice.post("/api/v1/runs", request));
            assertOverloaded(sluice.submitWithKey(request, key));
            assertOverloaded(sluice.submitWithKey(request, key));
            assertThat(sluice.get("/api/v1/runs?table=" + table).getBody().get("total").asInt()).as("nothing recorded").isZero();
            assertThat(sluice.get("/api/v1/tables/" + table).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        } finally {
            taken.forEach(RunScheduler.Place::close);
        }

        ResponseEntity<JsonNode> accepted = sluice.submitWithKey(request, key);
        assertThat(accepted.getStatusCode()).as("%s", accepted.getBody()).isEqualTo(HttpStatus.ACCEPTED);
        JsonNode run = succeeded(accepted.getBody().get("id").asString());
        assertThat(run.get("idempotencyKey").asString()).isEqualTo(key);
        assertThat(run.get("retryOf").isNull()).as("the first attempt of the key").isTrue();
        assertThat(sluice.rows(table, "id")).containsExactly(Map.of("id", 1, "day", "a"));
        assertThat(sluice.get("/api/v1/runs?table=" + table).getBody().get("total").asInt()).isEqualTo(1);
        succeeded(append(table, "delta", row(2, "b")));

        List<RunScheduler.Place> again = new ArrayList<>();
        try {
            fill(again);
            assertOverloaded(sluice.post("/api/v1/tables/" + table + "/restore", "{\"version\": 0}"));
        } finally {
            again.forEach(RunScheduler.Place::close);
        }
        assertThat(sluice.get("/api/v1/runs?table=" + table).getBody().get("total").asInt()).as("a refused restore neither").isEqualTo(2);
        assertThat(sluice.table(table).get("version").asLong()).isEqualTo(1);
        assertThat(sluice.submitWithKey(request, key).getHeaders().getFirst("Idempotent-Replayed")).as("the key stands for its run")
                .isEqualTo("true");
    }

    /** The document shows the table's partitioning and format, not the request's (which left them out); the key hashes the request. */
    @Test
    void aRunOnAnExistingTableShouldShowTheTablesPartitioningAndFormatAndReplayByItsRequest() {
        String table = SluiceClient.uniqueTable("merge_shape");
        succeeded(sluice.submit("""
                {"table": "%s", "strategy": "append", "partitionBy": ["day"],
                 "source": {"type": "inline", "schema": "%s", "rows": [%s, %s]}}"""
                .formatted(table, ROW_SCHEMA, row(1, "a"), row(2, "b"))));
        String merge = """
                {"table": "%s", "strategy": "merge", "keys": ["id"], "source": {"type": "inline", "schema": "%s", "rows": [%s, %s]}}"""
                .formatted(table, ROW_SCHEMA, row(2, "b"), row(3, "c"));

        ResponseEntity<JsonNode> submitted = sluice.submitWithKey(merge, "edges-" + table);

        assertThat(submitted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(submitted.getBody().get("partitionBy").toString()).isEqualTo("[\"day\"]");
        JsonNode merged = succeeded(submitted.getBody().get("id").asString());
        assertThat(merged.get("partitionBy").toString()).isEqualTo("[\"day\"]");
        assertThat(merged.get("metrics").get("rowsUpdated").asLong()).as("row 2 is as it was").isZero();
        assertThat(merged.get("receipt").get("rowsUnchanged").asLong()).isEqualTo(1);
        assertThat(merged.get("metrics").get("rowsInserted").asLong()).isEqualTo(1);
        assertThat(sluice.rows(table, "id")).containsExactly(Map.of("id", 1, "day", "a"), Map.of("id", 2, "day", "b"),
                Map.of("id", 3, "day", "c"));
        ResponseEntity<JsonNode> replayed = sluice.submitWithKey(merge, "edges-" + table);
        assertThat(replayed.getStatusCode()).as("the key's hash is of the request as it was sent").isEqualTo(HttpStatus.OK);
        assertThat(replayed.getBody().get("id").asString()).isEqualTo(merged.get("id").asString());

        String parquet = SluiceClient.uniqueTable("parquet_shape");
        succeeded(sluice.submit("""
                {"table": "%s", "format": "parquet", "strategy": "append", "partitionBy": ["day"],
                 "source": {"type": "inline", "schema": "%s", "rows": [%s]}}""".formatted(parquet, ROW_SCHEMA, row(1, "a"))));
        JsonNode appended = succeeded(sluice.submit("""
                {"table": "%s", "strategy": "append", "source": {"type": "inline", "schema": "%s", "rows": [%s]}}"""
                .formatted(parquet, ROW_SCHEMA, row(2, "b"))));
        assertThat(appended.get("format").asString()).isEqualTo("parquet");
        assertThat(appended.get("partitionBy").toString()).isEqualTo("[\"day\"]");
        assertThat(sluice.rows(parquet, "id")).containsExactly(Map.of("id", 1, "day", "a"), Map.of("id", 2, "day", "b"));
    }

    private void fill(List<RunScheduler.Place> taken) {
        while (true) {
            try {
                taken.add(scheduler.reserve());
            } catch (OverloadedException full) {
                return;
            }
        }
    }

    private void assertOverloaded(ResponseEntity<JsonNode> response) {
        assertProblem(response, HttpStatus.SERVICE_UNAVAILABLE, "overloaded");
        assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("30");
    }

    private void assertRefused(ResponseEntity<JsonNode> response, String table, Long version, String field, String message) {
        assertProblem(response, HttpStatus.UNPROCESSABLE_CONTENT, "invalid-request");
        assertThat(response.getBody().get("errors").get(0).get("field").asString()).isEqualTo(field);
        assertThat(response.getBody().get("errors").get(0).get("message").asString()).contains(message);
        if (version != null) {
            assertThat(sluice.table(table).get("version").asLong()).as("the table is unchanged").isEqualTo(version);
        }
        assertThat(sluice.get("/api/v1/runs?table=" + table).getBody().get("total").asInt()).as("the refusal left no run").isEqualTo(2);
        assertNoRunActive(table);
    }

    private void assertProblem(ResponseEntity<JsonNode> response, HttpStatus status, String type) {
        assertThat(response.getStatusCode()).as("%s", response.getBody()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getBody().get("type").asString()).isEqualTo("urn:sluice:problem:" + type);
        assertThat(response.getBody().get("status").asInt()).isEqualTo(status.value());
        assertThat(sluice.get("/actuator/health/readiness").getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    private void assertNoRunActive(String table) {
        sluice.get("/api/v1/runs?table=" + table).getBody().get("items")
                .forEach(run -> assertThat(run.get("status").asString()).as("%s", run).isNotIn("QUEUED", "RUNNING"));
    }

    private ResponseEntity<JsonNode> restore(String table, String target) {
        return sluice.post("/api/v1/tables/" + table + "/restore", target);
    }

    private List<Long> ids(String table, String day) {
        return spark.table(table).where("day = '" + day + "'").select("id").orderBy("id").collectAsList().stream()
                .map(row -> row.getLong(0)).toList();
    }

    private JsonNode succeeded(String runId) {
        JsonNode run = sluice.awaitEnd(runId);
        assertThat(run.get("status").asString()).as("%s", run).isEqualTo("SUCCEEDED");
        return run;
    }

    private String append(String table, String format, String row) {
        return sluice.submit(appendRequest(table, format, row));
    }

    private static String appendRequest(String table, String format, String row) {
        return """
                {"table": "%s", "format": "%s", "strategy": "append", "source": {"type": "inline", "schema": "%s", "rows": [%s]}}"""
                .formatted(table, format, ROW_SCHEMA, row);
    }

    private static String row(long id, String day) {
        return "{\"id\": %d, \"day\": \"%s\"}".formatted(id, day);
    }

    /** One request of the API's stints, page after page, into a new table partitioned by compound. */
    private static String createFromApi(String table, FakeApi api) {
        return """
                {"table": "%s", "strategy": "append", "partitionBy": ["compound"],
                 "source": {"type": "http", "name": "edges-%s", "endpoint": "stints", "url": "%s/v1/stints",
                            "parameters": [{"session_key": 1, "driver_number": 1}], "concurrency": 1,
                            "pagination": {"type": "next_link", "nextField": "next"}, "recordsPath": "results", "schema": "%s"}}"""
                .formatted(table, table, api.baseUrl(), STINTS);
    }

    private static String createFromCsv(String table, Path csv) {
        return """
                {"table": "%s", "strategy": "append", "partitionBy": ["day"],
                 "source": {"type": "files", "format": "csv", "path": "%s", "schema": "%s"}}""".formatted(table, csv, ROW_SCHEMA);
    }

    /** Headerless {@code id,day}: even ids in partition "even", odd ones in "odd". Big enough that the create takes a while. */
    private Path csv(String table, int rows) throws IOException {
        Path file = properties.resolve("inbox").resolve(table).resolve("rows.csv");
        Files.createDirectories(file.getParent());
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (int i = 0; i < rows; i++) {
                out.append(Integer.toString(i)).append(i % 2 == 0 ? ",even\n" : ",odd\n");
            }
        }
        return file;
    }
}
