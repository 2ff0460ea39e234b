package io.sluice.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

import io.sluice.support.ServiceProcess;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * kill -9 (a JVM halt at step {@code quarantined}) after a run committed its quarantined rows and before it committed the
 * table's, on each format: the restarted service records the run INTERRUPTED and takes its quarantined rows out, the table is
 * as before, and the key's retry commits both, once.
 */
class QuarantineCrashIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TWO_MINUTES = Duration.ofMinutes(2);

    @Test
    void aHaltBetweenTheQuarantineCommitAndTheTablesShouldLeaveNeither() throws Exception {
        Path dir = Files.createDirectories(Path.of(System.getProperty("sluice.it.dir"), "quarantine-crash-" + UUID.randomUUID()));
        Path data = dir.resolve("data");
        Path log = dir.resolve("service.log");
        List<String> formats = List.of("delta", "parquet");
        String halted = null;
        for (int i = 0; i <= formats.size(); i++) {
            String[] faults = i < formats.size() ? new String[] { "--sluice.faults.halt-at=quarantined",
                    "--sluice.faults.table=" + table(formats.get(i)) } : new String[0];
            try (ServiceProcess service = new ServiceProcess(data, log, faults).start().awaitReady(Duration.ofMinutes(3))) {
                if (i > 0) {
                    verify(service, formats.get(i - 1), halted);
                }
                if (i < formats.size()) {
                    halted = crash(service, formats.get(i));
                }
            }
        }
        FileSystemUtils.deleteRecursively(dir); // kept only when it fails, for its log
    }

    private static String table(String format) {
        return "trial.q_" + format;
    }

    private static String crash(ServiceProcess service, String format) throws Exception {
        String seed = """
                {"table": "%s", "format": "%s", "strategy": "append",
                 "source": {"type": "inline", "schema": "id BIGINT, amount BIGINT", "rows": [{"id": 1, "amount": 1}]}}"""
                .formatted(table(format), format);
        String seedId = JSON.readTree(service.send("POST", "/api/v1/runs", seed).body()).get("id").asString();
        assertThat(service.awaitEnd(seedId, TWO_MINUTES).get("status").asString()).isEqualTo("SUCCEEDED");
        String runId = JSON.readTree(service.post("/api/v1/runs", increment(format), "q-" + format).body()).get("id").asString();
        assertThat(service.awaitExit(TWO_MINUTES)).as("halted at quarantined").isEqualTo(137);
        return runId;
    }

    private static void verify(ServiceProcess service, String format, String runId) throws Exception {
        JsonNode run = service.json("GET", "/api/v1/runs/" + runId, null);
        assertThat(run.get("status").asString()).as("after restart: %s", run).isEqualTo("FAILED");
        assertThat(run.get("error").get("code").asString()).isEqualTo("INTERRUPTED");
        assertThat(service.rows(table(format), "id", "amount")).containsExactly("1:1");
        assertThat(service.rows(table(format) + "__quarantine", "_run_id", "id")).as("the halted run's quarantined rows are taken out").isEmpty();

        JsonNode retry = service.awaitEnd(JSON.readTree(service.post("/api/v1/runs", increment(format), "q-" + format).body())
                .get("id").asString(), TWO_MINUTES);
        assertThat(retry.get("status").asString()).as("retry: %s", retry).isEqualTo("SUCCEEDED");
        assertThat(service.rows(table(format), "id", "amount")).containsExactlyInAnyOrder("1:1", "2:2");
        assertThat(service.rows(table(format) + "__quarantine", "_run_id", "id")).containsExactly(retry.get("id").asString() + ":3");
    }

    private static String increment(String format) {
        return """
                {"table": "%s", "strategy": "append",
                 "expectations": [{"name": "positive", "rule": "amount >= 0", "action": "quarantine"}],
                 "source": {"type": "inline", "schema": "id BIGINT, amount BIGINT", "rows": [{"id": 2, "amount": 2}, {"id": 3, "amount": -3}]}}"""
                .formatted(table(format));
    }
}
