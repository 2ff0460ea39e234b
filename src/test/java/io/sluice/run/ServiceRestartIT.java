package io.sluice.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

import io.sluice.support.BigCsv;
import io.sluice.support.FakeApi;
import io.sluice.support.ServiceProcess;
import tools.jackson.databind.JsonNode;

/**
 * A kill -9 in the middle of a run (and of an http pull), then a SIGTERM in the middle of another, each
 * followed by a restart of the same data directory. After the kill: the table is at its last committed
 * version, the runs that could not finish are FAILED/INTERRUPTED, the history of the others survives,
 * the table takes new runs, and the pull resumes. After the SIGTERM: the running and the queued run
 * are CANCELLED and recorded, nothing committed. The two scenarios form one chain of three JVMs (the
 * one that verifies the kill stages the SIGTERM): a JVM start is most of this test's time.
 */
class ServiceRestartIT {

    private static final String[] CONFIG = { "--sluice.sources.http.allowed-hosts=127.0.0.1",
            "--sluice.sources.http.progress-interval=100ms" };
    private static final int REQUESTS = 40;

    @Test
    void shouldRecordKilledAndStoppedRunsAndKeepTablesHistoryAndPullsAcrossRestarts() throws Exception {
        Path dir = Files.createDirectories(Path.of(System.getProperty("sluice.it.dir"), "restart-" + UUID.randomUUID()));
        Path dataDir = dir.resolve("data");
        Path log = dir.resolve("service.log");
        Path csv = BigCsv.write(dataDir.resolve("inbox").resolve("big.csv"), 4_000_000);
        try (FakeApi api = FakeApi.start(3, 3).latencyMillis(100)) {
            Kill kill = new Kill(csv, api);
            try (ServiceProcess service = new ServiceProcess(dataDir, log, CONFIG).start().awaitReady(Duration.ofMinutes(3))) {
                kill.stage(service);
                service.kill();
            }
            kill.checkStaging(dataDir);
            Sigterm sigterm = new Sigterm(csv);
            try (ServiceProcess service = new ServiceProcess(dataDir, log, CONFIG).start().awaitReady(Duration.ofMinutes(3))) {
                kill.verify(service);
                sigterm.stage(service);
            } // close(): SIGTERM, and the test processes run with a grace period of 1 s
            try (ServiceProcess service = new ServiceProcess(dataDir, log, CONFIG).start().awaitReady(Duration.ofMinutes(3))) {
                sigterm.verify(service);
            }
        }
        FileSystemUtils.deleteRecursively(dir); // kept only when the test fails, for its log
    }

    /**
     * kill -9 while one append writes, another waits and an http pull is halfway; after the restart the
     * same pull fetches only the requests the staging manifest did not list as done (counted at the API
     * server), and its table gets every row once.
     */
    private static final class Kill {
        private final String small = """
                {"table": "demo.restart", "strategy": "append",
                 "source": {"type": "inline", "schema": "id BIGINT, name STRING", "rows": [{"id": -1, "name": "committed"}]}}""";
        private final String big;
        private final String pull;
        private final FakeApi api;
        private String committed;
        private String killedRunning;
        private String killedQueued;
        private String killedPull;
        private int staged;

        Kill(Path csv, FakeApi api) {
            this.api = api;
            this.big = """
                    {"table": "demo.restart", "strategy": "append",
                     "source": {"type": "files", "format": "csv", "path": "%s", "schema": "id BIGINT, name STRING"}}""".formatted(csv);
            String sets = IntStream.rangeClosed(1, REQUESTS).mapToObj("{\"session_key\": 1, \"driver_number\": %d}"::formatted)
                    .collect(Collectors.joining(","));
            this.pull = """
                    {"table": "demo.car_data", "strategy": "append",
                     "source": {"type": "http", "name": "openf1", "endpoint": "car_data", "url": "%s/v1/car_data",
                                "parameters": [%s], "pagination": {"type": "page", "param": "page", "size": 3},
                                "schema": "session_key INT, driver_number INT, date STRING, speed INT", "concurrency": 2}}"""
                    .formatted(api.baseUrl(), sets);
        }

        void stage(ServiceProcess service) throws Exception {
            committed = service.json("POST", "/api/v1/runs", small).get("id").asString();
            awaitStatus(service, committed, "SUCCEEDED");
            killedPull = service.json("POST", "/api/v1/runs", pull).get("id").asString();
            killedRunning = service.json("POST", "/api/v1/runs", big).get("id").asString();
            killedQueued = service.json("POST", "/api/v1/runs", small).get("id").asString();
            awaitStatus(service, killedRunning, "RUNNING");
            awaitPulled(service, killedPull, 4);
            Thread.sleep(1500); // inside the write
            assertThat(service.json("GET", "/api/v1/runs/" + killedRunning, null).get("status").asString()).isEqualTo("RUNNING");
        }

        void checkStaging(Path dataDir) throws Exception {
            List<String> manifest;
            try (Stream<Path> batches = Files.list(dataDir.resolve("staging/openf1/car_data"))) {
                manifest = Files.readAllLines(batches.findFirst().orElseThrow().resolve("_manifest.jsonl"));
            }
            staged = manifest.size();
            assertThat(staged).as("the pull was killed halfway").isBetween(4, REQUESTS - 1);
            api.resetHits();
        }

        void verify(ServiceProcess service) throws Exception {
            for (String id : new String[] { killedRunning, killedQueued, killedPull }) {
                JsonNode run = service.json("GET", "/api/v1/runs/" + id, null);
                assertThat(run.get("status").asString()).isEqualTo("FAILED");
                assertThat(run.get("error").get("code").asString()).isEqualTo("INTERRUPTED");
            }
            assertThat(service.json("GET", "/api/v1/runs/" + committed, null).get("status").asString()).isEqualTo("SUCCEEDED");

            JsonNode table = service.json("GET", "/api/v1/tables/demo.restart", null);
            assertThat(table.get("version").asLong()).as("no commit of the killed write").isZero();
            assertThat(table.get("rowCount").asLong()).isEqualTo(1);

            String again = service.json("POST", "/api/v1/runs", small.replace("-1", "-2")).get("id").asString();
            JsonNode run = awaitStatus(service, again, "SUCCEEDED");
            assertThat(run.get("tableVersionAfter").asLong()).isEqualTo(1);
            assertThat(service.json("GET", "/api/v1/tables/demo.restart", null).get("rowCount").asLong()).isEqualTo(2);

            JsonNode pulled = awaitStatus(service, service.json("POST", "/api/v1/runs", pull).get("id").asString(), "SUCCEEDED");
            assertThat(pulled.get("pull").get("requestsSkipped").asInt()).isEqualTo(staged);
            assertThat(api.hits()).as("four pages (the last empty) of each request not staged before").isEqualTo((REQUESTS - staged) * 4);
            assertThat(service.json("GET", "/api/v1/tables/demo.car_data", null).get("rowCount").asLong()).as("every row once")
                    .isEqualTo(REQUESTS * 9L);
        }
    }

    /** SIGTERM while one run writes and another waits: both end CANCELLED past the grace period. */
    private static final class Sigterm {
        private final String big;
        private String running;
        private String queued;

        Sigterm(Path csv) {
            this.big = """
                    {"table": "demo.sigterm", "strategy": "append",
                     "source": {"type": "files", "format": "csv", "path": "%s", "schema": "id BIGINT, name STRING"}}""".formatted(csv);
        }

        void stage(ServiceProcess service) throws Exception {
            running = service.json("POST", "/api/v1/runs", big).get("id").asString();
            queued = service.json("POST", "/api/v1/runs", big).get("id").asString();
            awaitStatus(service, running, "RUNNING");
            Thread.sleep(1000);
        }

        void verify(ServiceProcess service) throws Exception {
            JsonNode cancelled = service.json("GET", "/api/v1/runs/" + running, null);
            assertThat(cancelled.get("status").asString()).as(cancelled.toString()).isEqualTo("CANCELLED");
            assertThat(cancelled.get("error").get("message").asString()).contains("shut down");
            JsonNode neverStarted = service.json("GET", "/api/v1/runs/" + queued, null);
            assertThat(neverStarted.get("status").asString()).as(neverStarted.toString()).isEqualTo("CANCELLED");
            assertThat(service.send("GET", "/api/v1/tables/demo.sigterm", null).statusCode()).as("nothing committed").isEqualTo(404);
        }
    }

    private static void awaitPulled(ServiceProcess service, String id, int requests) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (true) {
            JsonNode pull = service.json("GET", "/api/v1/runs/" + id, null).get("pull");
            if (pull != null && !pull.isNull() && pull.get("requestsDone").asInt() >= requests) {
                return;
            }
            assertThat(System.nanoTime()).as("the pull makes progress").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static JsonNode awaitStatus(ServiceProcess service, String id, String status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            JsonNode run = service.json("GET", "/api/v1/runs/" + id, null);
            if (run.get("status").asString().equals(status)) {
                return run;
            }
            assertThat(System.nanoTime()).as("run %s reaches %s: %s", id, status, run).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
