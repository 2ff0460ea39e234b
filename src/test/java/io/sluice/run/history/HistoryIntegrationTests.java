package io.sluice.run.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import tools.jackson.databind.JsonNode;

/** History, restore and rollback, round trips with exact table contents. */
@SluiceIntegrationTest
class HistoryIntegrationTests {

    @Autowired
    SluiceClient sluice;

    @Test
    void deltaHistoryShouldListEveryCommitWithItsRunAndRestoreShouldReturnToAVersionOrATime() {
        String table = SluiceClient.uniqueTable("history");
        JsonNode created = ok(write(table, "delta", "append", "", 1, "a"));
        JsonNode appended = ok(write(table, "delta", "append", "", 2, "b"));
        JsonNode merged = ok(write(table, "delta", "merge", "\"keys\": [\"id\"],", 1, "A"));

        JsonNode history = sluice.get("/api/v1/tables/" + table + "/history").getBody();
        assertThat(history).hasSize(3);
        assertThat(history.get(0).get("version").asLong()).isEqualTo(2);
        assertThat(history.get(0).get("operation").asString()).isEqualTo("MERGE");
        assertThat(history.get(0).get("runId").asString()).isEqualTo(merged.get("id").asString());
        assertThat(history.get(2).get("runId").asString()).isEqualTo(created.get("id").asString());

        JsonNode restore = ok(sluice.exchangeId("/api/v1/tables/" + table + "/restore", "{\"version\": 0}"));
        assertThat(restore.get("strategy").asString()).isEqualTo("restore");
        assertThat(restore.get("tableVersionAfter").asLong()).isEqualTo(3);
        assertThat(names(table)).containsExactly("a");

        ok(sluice.exchangeId("/api/v1/tables/" + table + "/restore", "{\"timestamp\": \"" + appended.get("finishedAt").asString() + "\"}"));
        assertThat(names(table)).containsExactly("a", "b");
        assertThat(sluice.get("/api/v1/tables/" + table + "/history").getBody().get(0).get("operation").asString()).isEqualTo("RESTORE");

        ResponseEntity<JsonNode> missing = sluice.post("/api/v1/tables/" + table + "/restore", "{\"version\": 99}");
        assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
    }

    @Test
    void rollbackShouldUndoTheLatestRunAndRewindItsWatermarkButRefuseAnOlderOne() {
        String table = SluiceClient.uniqueTable("rollback");
        String watermark = "\"watermark\": {\"column\": \"id\"},";
        JsonNode first = ok(write(table, "delta", "append", watermark, 1, "a"));
        JsonNode second = ok(write(table, "delta", "append", watermark, 2, "b"));
        assertThat(sluice.table(table).get("watermarks").get(0).get("value").asString()).isEqualTo("2");

        ResponseEntity<JsonNode> created = sluice.post("/api/v1/runs/" + first.get("id").asString() + "/rollback", "");
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(created.getBody().get("detail").asString()).contains("latest change").contains(second.get("id").asString());

        JsonNode rollback = ok(sluice.exchangeId("/api/v1/runs/" + second.get("id").asString() + "/rollback", ""));
        assertThat(rollback.get("watermark").get("after").asString()).isEqualTo("1");
        assertThat(names(table)).containsExactly("a");
        assertThat(sluice.table(table).get("watermarks").get(0).get("value").asString()).as("rewound").isEqualTo("1");
        ok(write(table, "delta", "append", watermark, 2, "b"));
        assertThat(names(table)).as("the rewound watermark loads the row again").containsExactly("a", "b");
    }

    @Test
    void parquetRollbackShouldSwapBackToTheKeptLocations() {
        for (String partitioning : List.of("\"partitionBy\": [\"name\"],", "")) {
            String table = SluiceClient.uniqueTable("pq_rollback");
            String strategy = partitioning.isEmpty() ? "merge" : "drop_partition";
            ok(write(table, "parquet", strategy, partitioning + "\"keys\": [\"id\"],", 1, "a"));
            ok(write(table, "parquet", "append", "", 2, "b"));
            JsonNode replaced = ok(write(table, "parquet", strategy, "\"keys\": [\"id\"],", 3, "b"));
            assertThat(names(table)).as(strategy).containsExactlyInAnyOrder(partitioning.isEmpty() ? List.of("a", "b", "b").toArray(String[]::new)
                    : new String[] { "a", "b" });

            JsonNode history = sluice.get("/api/v1/tables/" + table + "/history").getBody();
            assertThat(history.get(0).get("runId").asString()).isEqualTo(replaced.get("id").asString());
            assertThat(history.get(0).get("location").asString()).contains("_sluice/" + replaced.get("id").asString());

            ok(sluice.exchangeId("/api/v1/runs/" + replaced.get("id").asString() + "/rollback", ""));
            assertThat(sluice.rows(table, "id")).as(strategy).containsExactly(Map.of("id", 1, "name", "a"), Map.of("id", 2, "name", "b"));

            ResponseEntity<JsonNode> first = sluice.post("/api/v1/runs/" + history.get(2).get("runId").asString() + "/rollback", "");
            assertThat(first.getStatusCode()).as("not the latest change").isEqualTo(HttpStatus.CONFLICT);
            ok(sluice.exchangeId("/api/v1/runs/" + history.get(1).get("runId").asString() + "/rollback", ""));
            assertThat(sluice.rows(table, "id")).as("the append's files went back to its stage").containsExactly(Map.of("id", 1, "name", "a"));
        }
    }

    @Test
    void parquetRestoreShouldRollBackEveryLaterChangeNewestFirst() {
        String table = SluiceClient.uniqueTable("pq_restore");
        ok(write(table, "parquet", "append", "\"partitionBy\": [\"name\"],", 1, "a"));
        ok(write(table, "parquet", "drop_partition", "", 2, "a"));
        ok(write(table, "parquet", "append", "", 3, "b"));
        ok(write(table, "parquet", "merge", "\"keys\": [\"id\"],", 3, "c"));
        JsonNode history = sluice.get("/api/v1/tables/" + table + "/history").getBody();
        assertThat(history).hasSize(4);
        assertThat(history.get(0).get("version").asLong()).isEqualTo(3);
        assertThat(sluice.table(table).get("version").asLong()).as("the table's version is its history's latest").isEqualTo(3);

        JsonNode restore = ok(sluice.exchangeId("/api/v1/tables/" + table + "/restore", "{\"version\": 1}"));
        assertThat(restore.get("format").asString()).isEqualTo("parquet");
        assertThat(sluice.rows(table, "id")).containsExactly(Map.of("id", 2, "name", "a"));
        assertThat(sluice.get("/api/v1/tables/" + table + "/history").getBody()).hasSize(2);
        assertThat(sluice.table(table).get("version").asLong()).isEqualTo(1);

        ok(write(table, "parquet", "append", "", 4, "d"));
        ok(sluice.exchangeId("/api/v1/tables/" + table + "/restore", "{\"version\": 0}"));
        assertThat(sluice.rows(table, "id")).containsExactly(Map.of("id", 1, "name", "a"));
        assertThat(sluice.post("/api/v1/tables/" + table + "/restore", "{\"version\": 5}").getStatusCode())
                .isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
    }

    private List<String> names(String table) {
        return sluice.rows(table, "name").stream().map(row -> (String) row.get("name")).toList();
    }

    private JsonNode ok(String runId) {
        JsonNode run = sluice.awaitEnd(runId);
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        return run;
    }

    private String write(String table, String format, String strategy, String options, long id, String name) {
        return sluice.submit("""
                {"table": "%s", "format": "%s", "strategy": "%s", %s
                 "source": {"type": "inline", "schema": "id BIGINT, name STRING", "rows": [{"id": %d, "name": "%s"}]}}"""
                .formatted(table, format, strategy, options, id, name));
    }
}
