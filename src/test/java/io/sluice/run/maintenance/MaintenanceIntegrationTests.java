package io.sluice.run.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import io.sluice.support.SymlinkManifests;
import tools.jackson.databind.JsonNode;

/** Compaction by hand: a recorded run that rewrites many small files into few, the rows exactly as they were. */
@SluiceIntegrationTest
class MaintenanceIntegrationTests {

    @Autowired
    SluiceClient sluice;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "delta", "parquet" })
    void aCompactionShouldRewriteThePartitionsWithManySmallFilesAndLeaveTheRowsAsTheyWere(String format) {
        String table = SluiceClient.uniqueTable("compact_" + format);
        for (int run = 1; run <= 5; run++) { // five appends, each a file in both days
            ok(append(table, format, row(run, "2024-08-01"), row(10 + run, "2024-08-02")));
        }
        ok(append(table, format, row(100, "2024-08-03")));
        List<Map<String, Object>> rows = sluice.rows(table, "id");
        int versions = sluice.get("/api/v1/tables/" + table + "/history").getBody().size();

        JsonNode preview = preview(table, "{\"operation\": \"compact\", \"minFiles\": 3}");
        assertThat(partitions(preview.get("compacted"))).containsExactly("{day=2024-08-01} 5", "{day=2024-08-02} 5");
        assertThat(partitions(preview.get("unchanged"))).containsExactly("{day=2024-08-03} 1");
        assertThat(sluice.get("/api/v1/tables/" + table + "/history").getBody()).as("a dry run writes nothing").hasSize(versions);

        JsonNode compaction = ok(compact(table, "{\"operation\": \"compact\", \"minFiles\": 3}"));
        assertThat(compaction.get("strategy").asString()).isEqualTo("compact");
        assertThat(compaction.get("metrics").get("filesRemoved").asLong()).isEqualTo(10);
        assertThat(compaction.get("metrics").get("filesAdded").asLong()).isEqualTo(2);
        assertThat(sluice.rows(table, "id")).isEqualTo(rows);
        assertThat(partitions(preview(table, "{\"operation\": \"compact\", \"minFiles\": 2}").get("unchanged")))
                .containsExactly("{day=2024-08-01} 1", "{day=2024-08-02} 1", "{day=2024-08-03} 1");
        JsonNode history = sluice.get("/api/v1/tables/" + table + "/history").getBody();
        assertThat(history.get(0).get("operation").asString()).isEqualTo(format.equals("delta") ? "OPTIMIZE" : "compact");
        assertThat(history.get(0).get("runId").asString()).isEqualTo(compaction.get("id").asString());
        if (format.equals("parquet")) {
            SymlinkManifests.assertListExactlyTheCurrentFiles(sluice.table(table).get("currentData"));
        }

        ok(sluice.exchangeId("/api/v1/tables/" + table + "/restore", "{\"version\": " + (versions - 1) + "}"));
        assertThat(sluice.rows(table, "id")).as("the version before the compaction").isEqualTo(rows);
        assertThat(partitions(preview(table, "{\"operation\": \"compact\", \"minFiles\": 3}").get("compacted")))
                .containsExactly("{day=2024-08-01} 5", "{day=2024-08-02} 5");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "delta", "parquet" })
    void aRollbackAfterACompactionShouldUndoTheRunAndKeepTheRowsItDidNotWrite(String format) {
        String table = SluiceClient.uniqueTable("compact_rollback_" + format);
        ok(append(table, format, row(1, "2024-08-01")));
        ok(append(table, format, row(2, "2024-08-01")));
        JsonNode last = ok(append(table, format, row(3, "2024-08-01")));
        JsonNode compaction = ok(compact(table, "{\"operation\": \"compact\", \"minFiles\": 2}"));
        String rollback = "/api/v1/runs/" + last.get("id").asString() + "/rollback";

        if (format.equals("parquet")) { // the compaction swapped out the directory the run's rollback would swap back
            ResponseEntity<JsonNode> refused = sluice.post(rollback, "");
            assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
            assertThat(refused.getBody().get("detail").asString()).contains(compaction.get("id").asString());
            ok(sluice.exchangeId("/api/v1/runs/" + compaction.get("id").asString() + "/rollback", ""));
        }
        ok(sluice.exchangeId(rollback, ""));
        assertThat(sluice.rows(table, "id")).containsExactly(Map.of("id", 1, "day", "2024-08-01"), Map.of("id", 2, "day", "2024-08-01"));
    }

    @Test
    void aParquetTableWithoutPartitionsShouldMoveToItsCompactedFiles() {
        String table = SluiceClient.uniqueTable("compact_flat");
        for (int run = 1; run <= 3; run++) {
            ok(sluice.submit(request(table, "parquet", "", "{\"id\": %d, \"day\": \"2024-08-01\"}".formatted(run))));
        }
        JsonNode compaction = ok(compact(table, "{\"operation\": \"compact\", \"minFiles\": 2}"));
        assertThat(compaction.get("metrics").get("filesRemoved").asLong()).isEqualTo(3);
        assertThat(compaction.get("metrics").get("filesAdded").asLong()).isEqualTo(1);
        assertThat(sluice.rows(table, "id")).containsExactly(event(1), event(2), event(3));
        assertThat(sluice.table(table).get("location").asString()).contains("_sluice/" + compaction.get("id").asString());
        SymlinkManifests.assertListExactlyTheCurrentFiles(sluice.table(table).get("currentData"));
    }

    @Test
    void aTableWithNothingToCompactShouldBeLeftAsItIsWithoutACommit() {
        String table = SluiceClient.uniqueTable("compact_none");
        ok(append(table, "delta", row(1, "2024-08-01")));

        JsonNode compaction = ok(compact(table, "{\"operation\": \"compact\"}"));
        assertThat(compaction.get("tableVersionAfter").asLong()).isEqualTo(compaction.get("tableVersionBefore").asLong());
        assertThat(compaction.get("metrics").get("filesAdded").asLong()).isZero();
        assertThat(sluice.get("/api/v1/tables/" + table + "/history").getBody()).hasSize(1);
    }

    @Test
    void aVacuumShouldDeleteTheFilesNoVersionWithinTheRetentionReads() {
        String table = SluiceClient.uniqueTable("vacuum");
        ok(append(table, "delta", row(1, "2024-08-01"), row(2, "2024-08-02")));
        ok(sluice.submit("""
                {"table": "%s", "strategy": "drop_partition",
                 "source": {"type": "inline", "schema": "id BIGINT, day DATE", "rows": [{"id": 3, "day": "2024-08-01"}]}}"""
                .formatted(table)));

        JsonNode kept = ok(compact(table, "{\"operation\": \"vacuum\", \"retentionHours\": 1000}"));
        assertThat(kept.get("strategy").asString()).isEqualTo("vacuum");
        assertThat(kept.get("metrics").get("filesRemoved").asLong()).as("replaced within the retention").isZero();

        JsonNode vacuum = ok(compact(table, "{\"operation\": \"vacuum\", \"retentionHours\": 0}"));
        assertThat(vacuum.get("metrics").get("filesRemoved").asLong()).as("the file drop_partition replaced").isEqualTo(1);
        assertThat(vacuum.get("metrics").get("bytesRemoved").asLong()).isPositive();
        assertThat(sluice.rows(table, "id")).containsExactly(Map.of("id", 2, "day", "2024-08-02"), Map.of("id", 3, "day", "2024-08-01"));
        assertThat(sluice.get("/api/v1/tables/" + table + "/history").getBody().get(0).get("operation").asString()).isEqualTo("VACUUM END");
    }

    @Test
    void aRollbackShouldPassOverAVacuumThatKeptTheRunsFiles() {
        String table = SluiceClient.uniqueTable("vacuum_rollback");
        ok(append(table, "delta", row(1, "2024-08-01")));
        JsonNode last = ok(append(table, "delta", row(2, "2024-08-01")));
        ok(compact(table, "{\"operation\": \"vacuum\", \"retentionHours\": 1000}"));

        ok(sluice.exchangeId("/api/v1/runs/" + last.get("id").asString() + "/rollback", ""));
        assertThat(sluice.rows(table, "id")).containsExactly(Map.of("id", 1, "day", "2024-08-01"));
    }

    @Test
    void badMaintenanceRequestsShouldBeRefusedAndRecordNothing() {
        String table = SluiceClient.uniqueTable("compact_bad");
        ok(append(table, "delta", row(1, "2024-08-01")));
        long runs = runs(table);

        assertThat(refused(table, "{\"operation\": \"compact\", \"minFiles\": 1}", HttpStatus.UNPROCESSABLE_CONTENT)).contains("minFiles");
        assertThat(refused(table, "{\"operation\": \"compact\", \"targetFileSize\": 10}", HttpStatus.UNPROCESSABLE_CONTENT))
                .contains("targetFileSize");
        assertThat(refused(table, "{\"operation\": \"shrink\"}", HttpStatus.UNPROCESSABLE_CONTENT)).contains("compact");
        assertThat(refused(table, "{\"operation\": \"vacuum\", \"retentionHours\": -1}", HttpStatus.UNPROCESSABLE_CONTENT))
                .contains("retentionHours").contains("min-retention");
        assertThat(refused(table, "{\"operation\": \"vacuum\", \"keepChanges\": 0}", HttpStatus.UNPROCESSABLE_CONTENT))
                .contains("keepChanges");
        assertThat(refused(table, "{}", HttpStatus.UNPROCESSABLE_CONTENT)).contains("operation");
        assertThat(refused("it.no_such_table", "{\"operation\": \"compact\"}", HttpStatus.NOT_FOUND)).contains("no_such_table");
        assertThat(runs(table)).isEqualTo(runs);
    }

    private String refused(String table, String body, HttpStatus status) {
        ResponseEntity<JsonNode> response = sluice.post("/api/v1/tables/" + table + "/maintenance", body);
        assertThat(response.getStatusCode()).as(String.valueOf(response.getBody())).isEqualTo(status);
        return response.getBody().toString();
    }

    private long runs(String table) {
        return sluice.get("/api/v1/runs?table=" + table).getBody().get("total").asLong();
    }

    private JsonNode preview(String table, String body) {
        ResponseEntity<JsonNode> response = sluice.post("/api/v1/tables/" + table + "/maintenance?dryRun=true", body);
        assertThat(response.getStatusCode()).as(String.valueOf(response.getBody())).isEqualTo(HttpStatus.OK);
        return response.getBody();
    }

    private String compact(String table, String body) {
        return sluice.exchangeId("/api/v1/tables/" + table + "/maintenance", body);
    }

    /** Each partition as "{column=value} files". */
    private static List<String> partitions(JsonNode partitions) {
        List<String> described = new ArrayList<>();
        partitions.forEach(p -> described.add("{day=" + p.get("partition").get("day").asString() + "} " + p.get("files").asLong()));
        return described;
    }

    private String append(String table, String format, String... rows) {
        return sluice.submit(request(table, format, "\"partitionBy\": [\"day\"],", String.join(", ", rows)));
    }

    private static String request(String table, String format, String partitioning, String rows) {
        return """
                {"table": "%s", "format": "%s", "strategy": "append", %s
                 "source": {"type": "inline", "schema": "id BIGINT, day DATE", "rows": [%s]}}""".formatted(table, format, partitioning, rows);
    }

    private static String row(long id, String day) {
        return "{\"id\": %d, \"day\": \"%s\"}".formatted(id, day);
    }

    private static Map<String, Object> event(long id) {
        return Map.of("id", (int) id, "day", "2024-08-01");
    }

    private JsonNode ok(String runId) {
        JsonNode run = sluice.awaitEnd(runId);
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        return run;
    }
}
