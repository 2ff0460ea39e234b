package io.sluice.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import io.sluice.SluiceProperties;
import io.sluice.support.BigCsv;
import io.sluice.support.FakeApi;
import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import tools.jackson.databind.JsonNode;

@SluiceIntegrationTest
class CancelRunningRunIntegrationTests {

    @Autowired
    SluiceClient sluice;

    @Autowired
    SluiceProperties properties;

    @Autowired
    SparkSession spark;

    @Test
    void shouldCancelTheSparkJobsOfARunningRunAndCommitNothing() throws Exception {
        String table = SluiceClient.uniqueTable("cancel_running");
        Path csv = BigCsv.write(properties.resolve("inbox").resolve(table).resolve("big.csv"), 3_000_000);
        String id = sluice.submit("""
                {"table": "%s", "strategy": "append",
                 "source": {"type": "files", "format": "csv", "path": "%s", "schema": "id BIGINT, name STRING"}}"""
                .formatted(table, csv));
        awaitSparkJobOf(id);

        ResponseEntity<JsonNode> cancel = sluice.delete("/api/v1/runs/" + id);
        assertThat(cancel.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(cancel.getBody().get("cancelRequested").asBoolean()).isTrue();

        JsonNode run = sluice.awaitEnd(id);
        assertThat(run.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(run.get("error").get("code").asString()).isEqualTo("CANCELLED");
        assertThat(run.get("tableVersionAfter").isNull()).isTrue();
        assertThat(sluice.get("/api/v1/tables/" + table).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

        JsonNode next = sluice.submitAndAwait(AppendRunIntegrationTests.inline(table, "id BIGINT, name STRING",
                "{\"id\": 1, \"name\": \"after the cancel\"}"));
        assertThat(next.get("status").asString()).as("a cancelled create leaves no obstacle: %s", next).isEqualTo("SUCCEEDED");
        assertThat(sluice.rows(table, "id")).containsExactly(Map.of("id", 1, "name", "after the cancel"));
    }

    /** A pull stops at the page after the cancel; the run ends CANCELLED and the ledger takes the next run as before. */
    @Test
    void shouldStopARunningHttpPullAtItsNextPageAndCommitNothing() throws InterruptedException {
        String table = SluiceClient.uniqueTable("cancel_pull");
        try (FakeApi api = FakeApi.start(3, 50).latencyMillis(200)) {
            String id = sluice.submit("""
                    {"table": "%s", "strategy": "append",
                     "source": {"type": "http", "name": "cancel-%s", "endpoint": "stints", "url": "%s/v1/stints",
                                "parameters": [{"session_key": 1, "driver_number": 1}], "concurrency": 1,
                                "pagination": {"type": "next_link", "nextField": "next"}, "recordsPath": "results",
                                "schema": "session_key INT, driver_number INT, stint_number INT, compound STRING, lap_start INT, lap_end INT"}}"""
                    .formatted(table, table, api.baseUrl()));
            api.awaitFirstHit(Duration.ofMinutes(1));

            assertThat(sluice.delete("/api/v1/runs/" + id).getStatusCode()).isIn(HttpStatus.ACCEPTED, HttpStatus.OK);

            JsonNode run = sluice.awaitEnd(id);
            assertThat(run.get("status").asString()).isEqualTo("CANCELLED");
            assertThat(run.get("error").get("code").asString()).isEqualTo("CANCELLED");
            assertThat(api.hits()).as("no page after the cancel but the one in flight").isLessThan(50);
            assertThat(sluice.get("/api/v1/tables/" + table).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        }
        JsonNode next = sluice.submitAndAwait(AppendRunIntegrationTests.inline(table, "id BIGINT, name STRING",
                "{\"id\": 1, \"name\": \"after the cancel\"}"));
        assertThat(next.get("status").asString()).as("the ledger and the run's thread as before: %s", next).isEqualTo("SUCCEEDED");
    }

    private void awaitSparkJobOf(String runId) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (spark.sparkContext().statusTracker().getJobIdsForGroup(runId).length == 0) {
            assertThat(System.nanoTime()).as("a Spark job of run %s within 60 s", runId).isLessThan(deadline);
            SluiceClient.sleep(20);
        }
    }
}
