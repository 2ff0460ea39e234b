package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

import io.sluice.support.ServiceProcess;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The built jar pointed at a Hive metastore that nobody listens on: it stays alive, and readiness says DOWN and why
 * (to a viewer; an anonymous probe sees the status alone) soon after the start, not after Hive's minutes of retries.
 * Meanwhile runs are refused at once with that reason, and a read that reaches the catalog answers it too.
 */
class UnreachableMetastoreIT {

    private static final String VIEWER = "unreachable-metastore-viewer-key";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String RUN = """
            {"table": "demo.events", "strategy": "append",
             "source": {"type": "inline", "schema": "id BIGINT", "rows": [{"id": 1}]}}""";

    @Test
    void shouldBeAliveButNotReadySayWhichMetastoreItCannotReachAndRefuseRunsWithThatReason() throws Exception {
        Path dir = Files.createDirectories(Path.of(System.getProperty("sluice.it.dir"), "unreachable-metastore-" + UUID.randomUUID()));
        Path log = dir.resolve("service.log");
        String metastore = "thrift://127.0.0.1:" + closedPort();
        try (ServiceProcess service = new ServiceProcess(dir.resolve("data"), log,
                "--sluice.spark.conf.[spark.hadoop.hive.metastore.uris]=" + metastore,
                "--sluice.security.api-keys[1].name=viewer", "--sluice.security.api-keys[1].key=" + VIEWER,
                "--sluice.security.api-keys[1].role=viewer").start()) {
            JsonNode spark = awaitSparkDown(service, Duration.ofSeconds(90), log);

            assertThat(spark.get("details").get("reason").asString())
                    .startsWith("warm-up failed: cannot reach the Hive metastore at " + metastore + ": ")
                    .contains("sluice.spark.conf.[spark.hadoop.hive.metastore.uris]");
            assertThat(service.send("GET", "/actuator/health/liveness", null, null).statusCode()).isEqualTo(200);
            HttpResponse<String> anonymous = service.send("GET", "/actuator/health/readiness", null, null);
            assertThat(anonymous.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(anonymous.body()).propertyNames()).containsExactly("status");
            assertThat(Files.readString(log)).contains("Engine warm-up attempt 1 failed: cannot reach the Hive metastore at " + metastore);

            long start = System.nanoTime();
            HttpResponse<String> run = service.send("POST", "/api/v1/runs", RUN);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEngineUnavailable(run, metastore);
            assertThat(millis).as("refused at once, not after the metastore client's retries (~4.5 s)").isLessThan(2_000);
            assertEngineUnavailable(service.send("POST", "/api/v1/runs?dryRun=true", RUN), metastore);
            assertEngineUnavailable(service.send("POST", "/api/v1/tables/demo.events/restore", "{\"version\": 0}"), metastore);
            assertThat(service.json("GET", "/api/v1/runs?table=demo.events", null).get("total").asLong()).as("nothing recorded").isZero();
            assertEngineUnavailable(service.send("GET", "/api/v1/tables/demo.events", null), metastore); // a read: after the catalog failed
        }
        FileSystemUtils.deleteRecursively(dir); // kept only when the test fails, for its log
    }

    private static void assertEngineUnavailable(HttpResponse<String> response, String metastore) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("Retry-After")).get().satisfies(seconds -> assertThat(Long.parseLong(seconds)).isPositive());
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("type").asString()).isEqualTo("urn:sluice:problem:engine-unavailable");
        assertThat(problem.get("detail").asString()).startsWith("the engine is unavailable until its warm-up succeeds (it is retried): "
                + "cannot reach the Hive metastore at " + metastore + ": ");
    }

    /** Readiness as the viewer sees it, polled from the start until its spark component is DOWN; answers that component. */
    private static JsonNode awaitSparkDown(ServiceProcess service, Duration timeout, Path log) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode readiness = null;
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = service.send("GET", "/actuator/health/readiness", null, VIEWER);
                readiness = JSON.readTree(response.body());
                JsonNode spark = readiness.path("components").path("spark");
                if (spark.path("status").asString("").equals("DOWN")) {
                    assertThat(response.statusCode()).isEqualTo(503);
                    return spark;
                }
                assertThat(response.statusCode()).as("never ready against a metastore nobody listens on").isEqualTo(503);
            } catch (IOException notYetListening) {
                // starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError("readiness did not turn DOWN within " + timeout + " of the start: " + readiness + "; see " + log);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort(); // closed again: connections to it are refused
        }
    }
}
