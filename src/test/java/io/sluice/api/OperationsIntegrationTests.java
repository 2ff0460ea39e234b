package io.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import tools.jackson.databind.JsonNode;

/** What orchestrators and people in Swagger UI rely on. */
@SluiceIntegrationTest
class OperationsIntegrationTests {

    @Autowired
    SluiceClient sluice;

    @Test
    void shouldReportReadyOnlyWithAWarmEngineAndTheLedger() {
        ResponseEntity<JsonNode> readiness = awaitReady();
        assertThat(readiness.getBody().get("components").get("spark").get("status").asString()).isEqualTo("UP");
        assertThat(readiness.getBody().get("components").get("spark").get("details").get("warmUp").asString()).isEqualTo("READY");
        assertThat(readiness.getBody().get("components").get("db").get("status").asString()).isEqualTo("UP");
        assertThat(sluice.get("/actuator/health/liveness").getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void shouldRunEverySwaggerExampleAsItIs() {
        JsonNode examples = sluice.get("/v3/api-docs").getBody().get("paths").get("/api/v1/runs").get("post")
                .get("requestBody").get("content").get("application/json").get("examples");
        List<String> names = new ArrayList<>(examples.propertyNames());
        assertThat(names).isNotEmpty();
        for (String name : names) {
            JsonNode run = sluice.submitAndAwait(examples.get(name).get("value").toString());
            assertThat(run.get("status").asString()).as("example '%s': %s", name, run).isEqualTo("SUCCEEDED");
        }
        assertThat(sluice.get("/swagger-ui.html").getStatusCode().is4xxClientError()).isFalse();
    }

    @Test
    void shouldShowCountsAndEachTablesLastRunInTheRunsEndpoint() {
        String table = SluiceClient.uniqueTable("endpoint");
        String id = sluice.submitAndAwait("""
                {"table": "%s", "strategy": "append", "source": {"type": "inline", "schema": "id BIGINT", "rows": [{"id": 7}]}}"""
                .formatted(table)).get("id").asString();

        JsonNode runs = sluice.get("/actuator/runs").getBody();
        assertThat(runs.get("byStatus").get("SUCCEEDED").asLong()).isPositive();
        JsonNode last = null;
        for (JsonNode entry : runs.get("tables")) {
            if (entry.get("table").asString().equals(table)) {
                last = entry;
            }
        }
        assertThat(last).isNotNull();
        assertThat(last.get("runId").asString()).isEqualTo(id);
        assertThat(last.get("metrics").get("rowsOutput").asLong()).isEqualTo(1);
    }

    @Test
    void shouldAnswerAnUnknownRouteWithAProblem() {
        ResponseEntity<JsonNode> response = sluice.get("/api/v1/nothing-here");
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(response.getBody().get("type").asString()).isEqualTo("urn:sluice:problem:not-found");
    }

    private ResponseEntity<JsonNode> awaitReady() {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (true) {
            ResponseEntity<JsonNode> readiness = sluice.get("/actuator/health/readiness");
            if (readiness.getStatusCode() == HttpStatus.OK) {
                return readiness;
            }
            assertThat(System.nanoTime()).as("ready within 2 minutes: %s", readiness.getBody()).isLessThan(deadline);
            SluiceClient.sleep(200);
        }
    }
}
