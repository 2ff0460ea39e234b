package io.sluice.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import io.sluice.SluiceProperties;
import io.sluice.support.BigCsv;
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

    private void awaitSparkJobOf(String runId) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (spark.sparkContext().statusTracker().getJobIdsForGroup(runId).length == 0) {
            assertThat(System.nanoTime()).as("a Spark job of run %s within 60 s", runId).isLessThan(deadline);
            SluiceClient.sleep(20);
        }
    }
}
