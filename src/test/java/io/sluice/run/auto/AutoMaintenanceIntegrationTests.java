package io.sluice.run.auto;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import io.sluice.run.Run;
import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Automatic maintenance: a table's policy (its overrides over sluice.maintenance), the compaction that follows a write
 * leaving many small files, the scheduled vacuum, and the file gauges. The tests' configuration turns it off by default,
 * so each test turns it on for its own tables through the policy API.
 */
@SluiceIntegrationTest
class AutoMaintenanceIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    SluiceClient sluice;

    @Autowired
    AutoCompaction autoCompaction;

    @Autowired
    VacuumSchedule vacuumSchedule;

    @Test
    void aPolicyShouldOverrideTheDefaultsItNamesUntilItIsReset() {
        String table = SluiceClient.uniqueTable("policy");
        checked(append(table, "delta", row(1, "2024-08-01")));

        assertThat(policy(table)).isEqualTo(json("""
                {"table": "%s", "autoCompact": false, "minFiles": 4, "targetFileSize": 134217728, "autoVacuum": false,
                 "vacuumIntervalHours": 24, "retentionHours": 168, "overrides": []}""".formatted(table)));

        JsonNode set = ok(sluice.put(policyPath(table), "{\"autoCompact\": true, \"minFiles\": 3, \"retentionHours\": 200}"));
        JsonNode expected = json("""
                {"table": "%s", "autoCompact": true, "minFiles": 3, "targetFileSize": 134217728, "autoVacuum": false,
                 "vacuumIntervalHours": 24, "retentionHours": 200, "overrides": ["autoCompact", "minFiles", "retentionHours"]}"""
                .formatted(table));
        assertThat(set).isEqualTo(expected);
        assertThat(policy(table)).isEqualTo(expected);

        assertThat(ok(sluice.put(policyPath(table), "{\"vacuumIntervalHours\": 6}"))).as("a PUT replaces the overrides").isEqualTo(json("""
                {"table": "%s", "autoCompact": false, "minFiles": 4, "targetFileSize": 134217728, "autoVacuum": false,
                 "vacuumIntervalHours": 6, "retentionHours": 168, "overrides": ["vacuumIntervalHours"]}""".formatted(table)));

        JsonNode defaults = json("""
                {"table": "%s", "autoCompact": false, "minFiles": 4, "targetFileSize": 134217728, "autoVacuum": false,
                 "vacuumIntervalHours": 24, "retentionHours": 168, "overrides": []}""".formatted(table));
        assertThat(ok(sluice.delete(policyPath(table)))).isEqualTo(defaults);
        assertThat(policy(table)).isEqualTo(defaults);
    }

    @Test
    void badPoliciesShouldBeRefusedAndChangeNothing() {
        String table = SluiceClient.uniqueTable("policy_bad");
        checked(append(table, "delta", row(1, "2024-08-01")));
        JsonNode stored = ok(sluice.put(policyPath(table), "{\"minFiles\": 5}"));

        ResponseEntity<JsonNode> refused = sluice.put(policyPath(table),
                "{\"autoCompact\": true, \"minFiles\": 1, \"targetFileSize\": 1000, \"vacuumIntervalHours\": 0, \"retentionHours\": -1}");
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        List<String> fields = new ArrayList<>();
        refused.getBody().get("errors").forEach(error -> fields.add(error.get("field").asString()));
        assertThat(fields).containsExactly("minFiles", "targetFileSize", "vacuumIntervalHours", "retentionHours");
        assertThat(sluice.put(policyPath(table), "{\"vacuumIntervalHours\": -3}").getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(policy(table)).isEqualTo(stored);

        String missing = "it.no_such_table_" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(sluice.get(policyPath(missing)).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(sluice.put(policyPath(missing), "{\"minFiles\": 5}").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(sluice.delete(policyPath(missing)).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "delta", "parquet" })
    void aWriteLeavingManySmallFilesInAPartitionShouldBeFollowedByExactlyOneCompaction(String format) {
        String table = SluiceClient.uniqueTable("auto_compact_" + format);
        checked(append(table, format, row(1, "2024-08-01")));
        ok(sluice.put(policyPath(table), "{\"autoCompact\": true, \"minFiles\": 3}"));

        checked(append(table, format, row(2, "2024-08-01"), row(3, "2024-08-02")));
        assertThat(compactions(table)).as("2 small files in 2024-08-01, under minFiles").isEmpty();

        String third = checked(append(table, format, row(4, "2024-08-01"), row(5, "2024-08-02")));
        List<JsonNode> compactions = compactions(table);
        assertThat(compactions).as("3 small files in 2024-08-01").hasSize(1);
        JsonNode compaction = ok(compactions.get(0).get("id").asString());
        checked(compaction.get("id").asString());

        assertThat(compaction.get("source").get("description").asString())
                .isEqualTo("compact of the partitions with at least 3 files under 134217728 bytes, automatic after run " + third);
        assertThat(compaction.get("metrics").get("filesRemoved").asLong()).isEqualTo(3);
        assertThat(compaction.get("metrics").get("filesAdded").asLong()).isEqualTo(1);
        assertThat(sluice.rows(table, "id")).containsExactly(event(1, "2024-08-01"), event(2, "2024-08-01"), event(3, "2024-08-02"),
                event(4, "2024-08-01"), event(5, "2024-08-02"));
        JsonNode history = sluice.get("/api/v1/tables/" + table + "/history").getBody();
        assertThat(history.get(0).get("runId").asString()).isEqualTo(compaction.get("id").asString());
        assertThat(history.get(0).get("operation").asString()).isEqualTo(format.equals("delta") ? "OPTIMIZE" : "compact");
        assertThat(filesPerPartition(table)).containsExactly("2024-08-01 1", "2024-08-02 2");
        assertThat(compactions(table)).as("the compaction is followed by none").hasSize(1);
    }

    @Test
    void theScheduleShouldVacuumADueDeltaTableAndNotOneVacuumedWithinItsInterval() {
        String due = SluiceClient.uniqueTable("vacuum_due");
        String recent = SluiceClient.uniqueTable("vacuum_recent");
        checked(append(due, "delta", row(1, "2024-08-01")));
        checked(append(recent, "delta", row(1, "2024-08-01")));
        ok(sluice.put(policyPath(due), "{\"autoVacuum\": true, \"vacuumIntervalHours\": 1, \"retentionHours\": 500}"));
        ok(sluice.put(policyPath(recent), "{\"autoVacuum\": true, \"vacuumIntervalHours\": 1}"));
        JsonNode byHand = ok(sluice.exchangeId("/api/v1/tables/" + recent + "/maintenance", "{\"operation\": \"vacuum\"}"));
        OffsetDateTime vacuumed = OffsetDateTime.parse(byHand.get("finishedAt").asString());

        // an hour after the vacuum by hand, less a microsecond: the other table, never vacuumed, has had its first run an hour ago
        List<String> queued = tick(vacuumed.plusHours(1).minusNanos(1000), due, recent);
        assertThat(queued).hasSize(1);
        JsonNode vacuum = ok(queued.get(0));
        assertThat(vacuum.get("table").asString()).isEqualTo(due);
        assertThat(vacuum.get("strategy").asString()).isEqualTo("vacuum");
        assertThat(vacuum.get("source").get("description").asString())
                .isEqualTo("vacuum of the files no version of the last 500 hours (nor, on Parquet, of the newest 10 changes) reads, "
                        + "automatic on schedule");
        assertThat(sluice.rows(due, "id")).containsExactly(event(1, "2024-08-01"));

        List<String> later = tick(vacuumed.plusHours(1), due, recent);
        assertThat(later).hasSize(1);
        assertThat(ok(later.get(0)).get("table").asString()).as("its interval has passed; the other was just vacuumed").isEqualTo(recent);
    }

    @Test
    void gaugesShouldShowEachTablesFilesAndMaintenanceRunsShouldBeCounted() {
        String table = SluiceClient.uniqueTable("gauges");
        checked(append(table, "delta", row(1, "2024-08-01"), row(2, "2024-08-02")));
        checked(append(table, "delta", row(3, "2024-08-01"), row(4, "2024-08-02")));
        assertThat(scrape()).contains("sluice_table_files{table=\"" + table + "\"} 4.0", "sluice_table_small_files{table=\"" + table + "\"} 4.0");

        checked(ok(sluice.exchangeId("/api/v1/tables/" + table + "/maintenance", "{\"operation\": \"compact\", \"minFiles\": 2}"))
                .get("id").asString());
        checked(ok(sluice.exchangeId("/api/v1/tables/" + table + "/maintenance", "{\"operation\": \"vacuum\"}")).get("id").asString());

        assertThat(scrape()).contains("sluice_table_files{table=\"" + table + "\"} 2.0", "sluice_table_small_files{table=\"" + table + "\"} 2.0",
                "sluice_runs_total{status=\"SUCCEEDED\",strategy=\"compact\",table=\"" + table + "\"} 1.0",
                "sluice_runs_total{status=\"SUCCEEDED\",strategy=\"vacuum\",table=\"" + table + "\"} 1.0",
                "sluice_runs_total{status=\"SUCCEEDED\",strategy=\"append\",table=\"" + table + "\"} 2.0");
    }

    /** The runs one scan queued for these tables (a scan sees every table of the ledger; other tests' are not this test's). */
    private List<String> tick(OffsetDateTime now, String... tables) {
        List<String> tableNames = List.of(tables);
        return vacuumSchedule.tick(now).stream().filter(run -> tableNames.contains(run.table())).map(Run::id).map(UUID::toString).toList();
    }

    private List<JsonNode> compactions(String table) {
        List<JsonNode> compactions = new ArrayList<>();
        sluice.get("/api/v1/runs?size=500&table=" + table).getBody().get("items").forEach(run -> {
            if (run.get("strategy").asString().equals("compact")) {
                compactions.add(run);
            }
        });
        return compactions;
    }

    /** Each partition as "day files", from a dry run. */
    private List<String> filesPerPartition(String table) {
        ResponseEntity<JsonNode> preview = sluice.post("/api/v1/tables/" + table + "/maintenance?dryRun=true",
                "{\"operation\": \"compact\", \"minFiles\": 100}");
        List<String> partitions = new ArrayList<>();
        preview.getBody().get("unchanged").forEach(p -> partitions.add(p.get("partition").get("day").asString() + " " + p.get("files").asLong()));
        return partitions;
    }

    private String scrape() {
        return sluice.getText("/actuator/prometheus");
    }

    private JsonNode policy(String table) {
        return ok(sluice.get(policyPath(table)));
    }

    private static String policyPath(String table) {
        return "/api/v1/tables/" + table + "/maintenance/policy";
    }

    private static JsonNode ok(ResponseEntity<JsonNode> response) {
        assertThat(response.getStatusCode()).as(String.valueOf(response.getBody())).isEqualTo(HttpStatus.OK);
        return response.getBody();
    }

    /** Waits for the run's end, and then for what follows it (gauges, a compaction) to have been done; answers its id. */
    private String checked(String runId) {
        ok(runId);
        try {
            assertThat(autoCompaction.awaitChecked(UUID.fromString(runId), Duration.ofMinutes(2))).as("run %s checked", runId).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return runId;
    }

    private JsonNode ok(String runId) {
        JsonNode run = sluice.awaitEnd(runId);
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        return run;
    }

    private String append(String table, String format, String... rows) {
        return sluice.submit("""
                {"table": "%s", "format": "%s", "strategy": "append", "partitionBy": ["day"],
                 "source": {"type": "inline", "schema": "id BIGINT, day DATE", "rows": [%s]}}""".formatted(table, format, String.join(", ", rows)));
    }

    private static String row(long id, String day) {
        return "{\"id\": %d, \"day\": \"%s\"}".formatted(id, day);
    }

    private static Map<String, Object> event(int id, String day) {
        return Map.of("id", id, "day", day);
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }
}
