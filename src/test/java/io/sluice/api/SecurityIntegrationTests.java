package io.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * Who may do what: no credentials 401, a viewer reads but every change is 403 (and changes nothing),
 * an operator (key or basic user) writes; probes and the API description are open (health's details are not); all as problems.
 */
@SluiceIntegrationTest
class SecurityIntegrationTests {

    static final String RUN = """
            {"table": "%s", "strategy": "append", "source": {"type": "inline", "schema": "id BIGINT", "rows": [{"id": 1}]}}""";

    @Autowired
    SluiceClient sluice;
    @Value("${local.server.port}")
    int port;

    @Test
    void withoutCredentialsOnlyProbesAndTheApiDescriptionAnswer() {
        assertProblem(call(null, HttpMethod.GET, "/api/v1/runs", null), 401, "unauthenticated");
        assertProblem(call(null, HttpMethod.GET, "/actuator/prometheus", null), 401, "unauthenticated");
        assertProblem(call("not-a-key-of-ours-at-all", HttpMethod.GET, "/api/v1/runs", null), 401, "unauthenticated");
        // open: UP, or 503 while the engine still warms up (this class may run first), never 401
        assertThat(call(null, HttpMethod.GET, "/actuator/health/readiness", null).getStatusCode()).isIn(HttpStatus.OK,
                HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(call(null, HttpMethod.GET, "/actuator/health/liveness", null).getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode docs = call(null, HttpMethod.GET, "/v3/api-docs", null).getBody();
        assertThat(docs.get("components").get("securitySchemes").propertyNames()).contains("apiKey", "basic");
    }

    @Test
    void healthShouldShowAnonymousCallersTheStatusOnlyAndViewersAndOperatorsItsDetails() {
        for (String path : List.of("/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness")) {
            ResponseEntity<JsonNode> anonymous = awaitUp(null, path);
            assertThat(anonymous.getBody().propertyNames()).as("%s anonymously", path).contains("status")
                    .doesNotContain("components", "details");
            assertThat(anonymous.getBody().get("status").asString()).isEqualTo("UP");
        }
        for (String key : List.of(SluiceClient.VIEWER_KEY, SluiceClient.OPERATOR_KEY)) {
            JsonNode health = awaitUp(key, "/actuator/health").getBody();
            assertThat(health.get("components").propertyNames()).contains("diskSpace", "db", "spark", "readinessState");
            assertThat(health.get("components").get("diskSpace").get("details").get("free").asLong()).isPositive();
            assertThat(awaitUp(key, "/actuator/health/readiness").getBody().get("components").propertyNames())
                    .containsExactlyInAnyOrder("readinessState", "spark", "db");
        }
    }

    /** The engine may still warm up if this class runs first: readiness (and so health) turns UP within 2 minutes. */
    private ResponseEntity<JsonNode> awaitUp(String key, String path) {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (true) {
            ResponseEntity<JsonNode> response = call(key, HttpMethod.GET, path, null);
            if (response.getStatusCode() == HttpStatus.OK) {
                return response;
            }
            assertThat(System.nanoTime()).as("%s UP within 2 minutes: %s", path, response.getBody()).isLessThan(deadline);
            SluiceClient.sleep(200);
        }
    }

    @Test
    void aViewerReadsButEveryChangeIsForbiddenAndChangesNothing() {
        String table = SluiceClient.uniqueTable("viewer");
        assertThat(call(SluiceClient.VIEWER_KEY, HttpMethod.GET, "/api/v1/runs", null).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(call(SluiceClient.VIEWER_KEY, HttpMethod.GET, "/actuator/runs", null).getStatusCode()).isEqualTo(HttpStatus.OK);

        assertProblem(call(SluiceClient.VIEWER_KEY, HttpMethod.POST, "/api/v1/runs", RUN.formatted(table)), 403, "forbidden");
        assertProblem(call(SluiceClient.VIEWER_KEY, HttpMethod.POST, "/api/v1/tables/" + table + "/restore", "{\"version\": 0}"), 403,
                "forbidden");
        assertProblem(call(SluiceClient.VIEWER_KEY, HttpMethod.PUT, "/api/v1/tables/" + table + "/watermarks/id",
                "{\"column\": \"id\", \"value\": \"5\"}"), 403, "forbidden");
        assertProblem(call(SluiceClient.VIEWER_KEY, HttpMethod.DELETE, "/api/v1/runs/00000000-0000-0000-0000-000000000000", null), 403,
                "forbidden");
        assertThat(sluice.get("/api/v1/tables/" + table).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(sluice.get("/api/v1/tables/" + table + "/watermarks").getBody().size()).isZero();
    }

    @Test
    void anOperatorWritesWithAKeyOrAsABasicUser() {
        String table = SluiceClient.uniqueTable("operator");
        ResponseEntity<JsonNode> basic = RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString("ops:ops-password".getBytes(StandardCharsets.UTF_8)))
                .defaultStatusHandler(code -> true, (request, response) -> { }).build()
                .post().uri("/api/v1/runs").contentType(MediaType.APPLICATION_JSON).body(RUN.formatted(table)).retrieve()
                .toEntity(JsonNode.class);
        assertThat(basic.getStatusCode()).as("%s", basic.getBody()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(sluice.awaitEnd(basic.getBody().get("id").asString()).get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(sluice.submitAndAwait(RUN.formatted(table)).get("status").asString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void prometheusShouldCountRunsRowsAndRejectedRequests() {
        String table = SluiceClient.uniqueTable("metrics");
        sluice.submitAndAwait(RUN.formatted(table));
        call(SluiceClient.VIEWER_KEY, HttpMethod.POST, "/api/v1/runs", RUN.formatted(table));

        String scrape = RestClient.builder().baseUrl("http://127.0.0.1:" + port).build().get().uri("/actuator/prometheus")
                .header("X-API-Key", SluiceClient.VIEWER_KEY).retrieve().body(String.class);

        assertThat(scrape).doesNotContain("sluice_spark_jobs NaN", "sluice_spark_tasks NaN");
        assertThat(scrape).contains("sluice_runs_total{status=\"SUCCEEDED\",strategy=\"append\",table=\"" + table + "\"} 1.0",
                "sluice_rows_total{kind=\"output\",table=\"" + table + "\"} 1.0",
                "sluice_run_duration_seconds_count{status=\"SUCCEEDED\",strategy=\"append\",table=\"" + table + "\"} 1",
                "sluice_runs_queued ", "sluice_runs_active ", "sluice_spark_sql_executions ", "sluice_spark_jobs ", "sluice_spark_tasks ",
                "sluice_spark_accumulators ",
                "sluice_requests_rejected_total{status=\"403\",type=\"urn:sluice:problem:forbidden\"}");
    }

    private ResponseEntity<JsonNode> call(String key, HttpMethod method, String path, String body) {
        RestClient.Builder builder = RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultStatusHandler(code -> true, (request, response) -> { });
        if (key != null) {
            builder.defaultHeader("X-API-Key", key);
        }
        var spec = builder.build().method(method).uri(path);
        if (body != null) {
            spec.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        return spec.retrieve().toEntity(JsonNode.class);
    }

    private static void assertProblem(ResponseEntity<JsonNode> response, int status, String type) {
        assertThat(response.getStatusCode().value()).as("%s", response.getBody()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getBody().get("type").asString()).isEqualTo("urn:sluice:problem:" + type);
        assertThat(response.getBody().get("status").asInt()).isEqualTo(status);
    }
}
