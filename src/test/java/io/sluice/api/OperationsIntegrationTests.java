package io.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import io.sluice.run.api.RunRequest;
import io.sluice.support.BigCsv;
import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What orchestrators and people in Swagger UI rely on. */
@SluiceIntegrationTest
class OperationsIntegrationTests {

    @Autowired
    SluiceClient sluice;
    @Autowired
    JsonMapper json;
    @Value("${sluice.data-dir}")
    String dataDir;

    @Test
    void shouldReportReadyOnlyWithAWarmEngineAndTheLedger() {
        ResponseEntity<JsonNode> readiness = awaitReady();
        assertThat(readiness.getBody().get("components").get("spark").get("status").asString()).isEqualTo("UP");
        assertThat(readiness.getBody().get("components").get("spark").get("details").get("warmUp").asString()).isEqualTo("READY");
        assertThat(readiness.getBody().get("components").get("db").get("status").asString()).isEqualTo("UP");
        assertThat(sluice.get("/actuator/health/liveness").getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    /**
     * An example per source type. The inline ones run as they are; the others read what only a deployment names (its
     * inbox, databases and hosts), so they are read as the service reads a request, strictly, and not run.
     */
    @Test
    void shouldRunEverySwaggerExampleAsItIs() {
        JsonNode examples = sluice.get("/v3/api-docs").getBody().get("paths").get("/api/v1/runs").get("post")
                .get("requestBody").get("content").get("application/json").get("examples");
        List<String> names = new ArrayList<>(examples.propertyNames());
        Set<String> types = new TreeSet<>();
        for (String name : names) {
            String example = examples.get(name).get("value").toString();
            RunRequest request = json.readValue(example, RunRequest.class);
            types.add(request.source().typeName());
            if (request.source().typeName().equals("inline")) {
                JsonNode run = sluice.submitAndAwait(example);
                assertThat(run.get("status").asString()).as("example '%s': %s", name, run).isEqualTo("SUCCEEDED");
            }
        }
        assertThat(types).containsExactly("files", "http", "inline", "jdbc", "staging");
        assertThat(sluice.get("/swagger-ui.html").getStatusCode().is4xxClientError()).isFalse();
    }

    @Test
    void shouldListEnumValuesInTheApiDocumentAsTheJsonSpellsThem() {
        JsonNode schemas = sluice.get("/v3/api-docs").getBody().get("components").get("schemas");
        assertThat(schemas.get("RunRequest").get("properties").get("strategy").get("enum").toString())
                .isEqualTo("[\"append\",\"drop_partition\",\"dynamic_overwrite\",\"merge\",\"apply_changes\"]");
        assertThat(schemas.get("Run").get("properties").get("strategy").get("enum").toString())
                .isEqualTo("[\"append\",\"drop_partition\",\"dynamic_overwrite\",\"merge\",\"apply_changes\",\"restore\",\"compact\",\"vacuum\"]");
        assertThat(schemas.get("Run").get("properties").get("status").get("enum").toString())
                .isEqualTo("[\"QUEUED\",\"RUNNING\",\"SUCCEEDED\",\"FAILED\",\"CANCELLED\"]");
        assertThat(schemas.get("RunError").get("properties").get("code").get("enum").get(0).asString()).isEqualTo("SOURCE_NOT_FOUND");
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

    /** A running run shows Spark's progress on its job group, in the run and in the actuator's list of running runs. */
    @Test
    void aRunningRunShouldShowSparksProgress() throws Exception {
        Path csv = BigCsv.write(Path.of(dataDir, "inbox", "progress-" + UUID.randomUUID() + ".csv"), 2_000_000);
        String id = sluice.submit("""
                {"table": "%s", "strategy": "append",
                 "source": {"type": "files", "format": "csv", "path": "%s", "schema": "id BIGINT, name STRING"}}"""
                .formatted(SluiceClient.uniqueTable("progress"), csv));
        JsonNode seen = null;
        JsonNode listed = null;
        for (int i = 0; i < 600 && (seen == null || listed == null); i++) {
            JsonNode run = sluice.run(id);
            if (run.get("status").asString().equals("RUNNING") && run.get("engine").get("tasksTotal").asInt() > 0) {
                seen = run;
            }
            for (JsonNode entry : sluice.get("/actuator/runs").getBody().get("running")) {
                if (entry.get("runId").asString().equals(id) && entry.get("engine").get("tasksTotal").asInt() > 0) {
                    listed = entry;
                }
            }
            SluiceClient.sleep(20);
        }
        assertThat(seen).as("the run, running, with Spark tasks").isNotNull();
        assertThat(listed).as("the actuator's running runs list it").isNotNull();
        JsonNode engine = seen.get("engine");
        assertThat(engine.get("jobsTotal").asInt()).isPositive();
        assertThat(engine.get("tasksDone").asInt()).isLessThanOrEqualTo(engine.get("tasksTotal").asInt());
        JsonNode done = sluice.awaitEnd(id);
        assertThat(done.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("engine").isNull()).as("progress is for running runs").isTrue();
        Files.delete(csv);
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
