package io.sluice.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Talks to the running service over HTTP, as a user or an orchestrator would. */
@TestComponent
public class SluiceClient {

    /** The operator key of the tests' configuration (src/test/resources/config/application.yml). */
    public static final String OPERATOR_KEY = "test-operator-key-0123456789";
    public static final String VIEWER_KEY = "test-viewer-key-0123456789";

    /** Rows as plain Java values (fractions as Double), whatever the service's strict request mapper does with them. */
    private static final JsonMapper ROWS = JsonMapper.builder().build();

    private final Environment environment;
    private RestClient http;

    SluiceClient(Environment environment) {
        this.environment = environment;
    }

    private RestClient http() {
        if (http == null) {
            // the JDK's client, as before httpclient5 came with OpenLineage: it follows no redirect, so a test sees the answer itself
            http = RestClient.builder().requestFactory(new JdkClientHttpRequestFactory())
                    .baseUrl("http://127.0.0.1:" + environment.getProperty("local.server.port"))
                    .defaultHeader("X-API-Key", OPERATOR_KEY)
                    .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { })
                    .build();
        }
        return http;
    }

    public ResponseEntity<JsonNode> post(String path, String body) {
        return http().post().uri(path).contentType(MediaType.APPLICATION_JSON).body(body).retrieve().toEntity(JsonNode.class);
    }

    /** Submits a run with an Idempotency-Key header. */
    public ResponseEntity<JsonNode> submitWithKey(String request, String key) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set("Idempotency-Key", key);
        return exchange("/api/v1/runs", new HttpEntity<>(request, headers));
    }

    /** POSTs with the given headers (e.g. Idempotency-Key). */
    public ResponseEntity<JsonNode> exchange(String path, HttpEntity<String> request) {
        return http().post().uri(path).headers(headers -> headers.addAll(request.getHeaders())).body(request.getBody())
                .retrieve().toEntity(JsonNode.class);
    }

    public ResponseEntity<JsonNode> put(String path, String body) {
        return http().put().uri(path).contentType(MediaType.APPLICATION_JSON).body(body).retrieve().toEntity(JsonNode.class);
    }

    public ResponseEntity<JsonNode> get(String path) {
        return http().get().uri(path).retrieve().toEntity(JsonNode.class);
    }

    /** The response body as the service wrote it, for checks on the exact JSON text. */
    public String getText(String path) {
        return http().get().uri(path).retrieve().body(String.class);
    }

    public ResponseEntity<JsonNode> delete(String path) {
        return http().delete().uri(path).retrieve().toEntity(JsonNode.class);
    }

    /** POSTs a run, expects 202, answers the run's id. */
    public String submit(String request) {
        ResponseEntity<JsonNode> response = post("/api/v1/runs", request);
        assertThat(response.getStatusCode()).as("submit: %s", response.getBody()).isEqualTo(HttpStatus.ACCEPTED);
        String id = response.getBody().get("id").asString();
        assertThat(response.getHeaders().getLocation()).hasToString("/api/v1/runs/" + id);
        return id;
    }

    /** POSTs to an endpoint that queues a run (restore, rollback), expects 202, answers the run's id. */
    public String exchangeId(String path, String body) {
        ResponseEntity<JsonNode> response = post(path, body);
        assertThat(response.getStatusCode()).as("%s: %s", path, response.getBody()).isEqualTo(HttpStatus.ACCEPTED);
        return response.getBody().get("id").asString();
    }

    public JsonNode run(String id) {
        return get("/api/v1/runs/" + id).getBody();
    }

    /** Waits (long polls) until the run reaches a terminal status, 2 minutes at most. */
    public JsonNode awaitEnd(String id) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            JsonNode run = get("/api/v1/runs/" + id + "?waitSeconds=30").getBody();
            String status = run.get("status").asString();
            if (!status.equals("QUEUED") && !status.equals("RUNNING")) {
                assertBalanced(run);
                return run;
            }
            assertThat(System.nanoTime()).as("run %s still %s after 2 minutes", id, status).isLessThan(deadline);
        }
    }

    /** Every run any test waits for: its receipt, where it has one, adds up, and the write's own counts agree with it. */
    public static void assertBalanced(JsonNode run) {
        JsonNode receipt = run.get("receipt");
        if (receipt == null || receipt.isNull()) {
            return;
        }
        long accounted = 0;
        for (String part : List.of("rowsBelowWatermark", "rowsDroppedAsDuplicates", "rowsDroppedByExpectations", "rowsQuarantined",
                "rowsInserted", "rowsUpdated", "rowsUnchanged", "rowsDeleting")) {
            assertThat(receipt.get(part).asLong()).as("%s of run %s: %s", part, run.get("id"), receipt).isNotNegative();
            accounted += receipt.get(part).asLong();
        }
        assertThat(accounted).as("rows accounted for in the receipt of run %s: %s", run.get("id"), receipt)
                .isEqualTo(receipt.get("rowsRead").asLong());
        assertThat(receipt.get("balanced").asBoolean()).as("the write's own counts for run %s: %s", run.get("id"), receipt).isTrue();
    }

    public JsonNode submitAndAwait(String request) {
        return awaitEnd(submit(request));
    }

    /** The table's rows via the preview endpoint, sorted by {@code orderBy}. */
    @SuppressWarnings({ "unchecked", "rawtypes" })
    public List<Map<String, Object>> rows(String table, String orderBy) {
        JsonNode preview = get("/api/v1/tables/" + table + "/preview?limit=1000").getBody();
        List<Map<String, Object>> rows = new ArrayList<>();
        preview.get("rows").forEach(row -> rows.add(ROWS.convertValue(row, Map.class)));
        rows.sort(Comparator.comparing(row -> (Comparable<Object>) row.get(orderBy)));
        return rows;
    }

    public JsonNode table(String table) {
        return get("/api/v1/tables/" + table).getBody();
    }

    /** Waits until readiness is UP (the engine warm), so that a test's "readiness stays UP" means something. */
    public void awaitReady() {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (get("/actuator/health/readiness").getStatusCode() != HttpStatus.OK) {
            assertThat(System.nanoTime()).as("the service gets ready").isLessThan(deadline);
            sleep(200);
        }
    }

    /** A table name no other test (or earlier build) has used. */
    public static String uniqueTable(String prefix) {
        return "it." + prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
