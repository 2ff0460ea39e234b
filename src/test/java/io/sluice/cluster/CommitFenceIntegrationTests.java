package io.sluice.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.sluice.cluster.TableLeases.Lease;
import io.sluice.cluster.TableLeasesContract.ManualClock;
import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fence on real commits: while a run's table lease holds, its commit goes through and records the lease's token; once
 * another replica has taken the lease over, the commit is refused just before it is written and the table stays as it was.
 */
@SluiceIntegrationTest
class CommitFenceIntegrationTests {

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    SluiceClient sluice;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "delta", "parquet" })
    void aCommitAfterAnotherReplicaTookTheLeaseOverShouldBeRefusedAndLeaveTheTableAsItWas(String format) {
        ManualClock clock = new ManualClock();
        TableLeases leases = new TableLeases(jdbc, transactions, clock);
        String table = SluiceClient.uniqueTable("fence_" + format);
        ok(append(table, format, 1, "\"partitionBy\": [\"day\"],"));
        String location = sluice.table(table).get("location").asString();

        Lease lease = leases.acquire(table, "replica-a", LEASE).orElseThrow();
        try (CommitFence.Guard guard = CommitFence.guard(location, lease.token(), () -> leases.holds(lease, Duration.ofSeconds(5)))) {
            String fenced = append(table, format, 2, "");
            ok(fenced);
            List<Map<String, Object>> rows = sluice.rows(table, "id");
            long version = sluice.table(table).get("version").asLong();
            assertThat(recorded(format, location, version, fenced).get(CommitFence.TOKEN).asString())
                    .as("the commit records its lease's token").isEqualTo(Long.toString(lease.token()));

            clock.advance(LEASE.plusSeconds(1)); // replica-a paused past its lease, and replica-b took it
            leases.acquire(table, "replica-b", LEASE).orElseThrow();
            JsonNode refused = sluice.awaitEnd(append(table, format, 3, ""));
            assertThat(refused.get("status").asString()).as(refused.toString()).isEqualTo("FAILED");
            assertThat(refused.get("error").get("code").asString()).isEqualTo("TABLE_CONFLICT");
            assertThat(refused.get("error").get("message").asString()).contains("lease").contains("nothing was committed");
            assertThat(sluice.rows(table, "id")).isEqualTo(rows);
            assertThat(sluice.table(table).get("version").asLong()).isEqualTo(version);
        }
        ok(append(table, format, 4, "")); // no fence registered: the single-process default
        assertThat(sluice.rows(table, "id")).extracting(row -> row.get("id")).containsExactly(1, 2, 4);
    }

    /** What the commit recorded about its run: Delta's userMetadata in the log, a Parquet stage's commit record. */
    private static JsonNode recorded(String format, String location, long version, String runId) {
        Path root = Path.of(URI.create(location));
        try {
            if (format.equals("parquet")) {
                return JSON.readTree(Files.readString(root.resolve("_sluice").resolve(runId).resolve("_commit.json"))).get("commit");
            }
            for (String line : Files.readAllLines(root.resolve("_delta_log").resolve("%020d.json".formatted(version)))) {
                JsonNode action = JSON.readTree(line);
                if (action.has("commitInfo")) {
                    return JSON.readTree(action.get("commitInfo").get("userMetadata").asString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("version " + version + " has no commitInfo");
    }

    private String append(String table, String format, long id, String partitioning) {
        return sluice.submit("""
                {"table": "%s", "format": "%s", "strategy": "append", %s
                 "source": {"type": "inline", "schema": "id BIGINT, day DATE", "rows": [{"id": %d, "day": "2024-08-0%d"}]}}"""
                .formatted(table, format, partitioning, id, id));
    }

    private void ok(String runId) {
        JsonNode run = sluice.awaitEnd(runId);
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
    }
}
