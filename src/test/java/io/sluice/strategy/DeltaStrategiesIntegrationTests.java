package io.sluice.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import tools.jackson.databind.JsonNode;

/** drop_partition, dynamic_overwrite and merge on Delta tables, end to end, with exact table contents. */
@SluiceIntegrationTest
class DeltaStrategiesIntegrationTests {

    static final String EVENTS = "id BIGINT, name STRING, event_date DATE";

    @Autowired
    SluiceClient sluice;

    @Autowired
    SparkSession spark;

    @Test
    void dropPartitionShouldReplaceOnlyThePartitionsPresentInTheIncrementInOneCommit() {
        String table = SluiceClient.uniqueTable("drop");
        ok(run(table, "drop_partition", "\"partitionBy\": [\"event_date\"]", EVENTS,
                row(1, "a", "2024-08-01"), row(2, "b", "2024-08-02"), row(3, "c", "2024-08-02"), row(4, "d", "2024-08-03")));
        String increment = run(table, "drop_partition", "", EVENTS, row(20, "B", "2024-08-02"), row(50, "e", "2024-08-04"));

        JsonNode run = ok(increment);
        assertThat(run.get("tableVersionAfter").asLong()).isEqualTo(run.get("tableVersionBefore").asLong() + 1);
        assertThat(run.get("metrics").get("rowsDeleted").asLong()).isEqualTo(2);
        assertThat(run.get("metrics").get("rowsInserted").asLong()).isEqualTo(2);
        assertThat(partitions(run)).containsExactlyInAnyOrder("2024-08-02", "2024-08-04");
        List<Map<String, Object>> expected = List.of(event(1, "a", "2024-08-01"), event(4, "d", "2024-08-03"),
                event(20, "B", "2024-08-02"), event(50, "e", "2024-08-04"));
        assertThat(sluice.rows(table, "id")).containsExactlyElementsOf(expected);

        ok(increment); // a re-run replaces the same partitions with the same rows
        assertThat(sluice.rows(table, "id")).containsExactlyElementsOf(expected);
    }

    @Test
    void dropPartitionShouldRefuseAnUnpartitionedTable() {
        ResponseEntity<JsonNode> response = sluice.post("/api/v1/runs",
                request(SluiceClient.uniqueTable("drop_flat"), "drop_partition", "", EVENTS, row(1, "a", "2024-08-01")));
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(response.getBody().get("errors").get(0).get("field").asString()).isEqualTo("partitionBy");
    }

    @Test
    void dynamicOverwriteShouldMatchColumnsByNameAcrossTwoPartitionColumns() {
        String table = SluiceClient.uniqueTable("dyn");
        String schema = "id BIGINT, country STRING, event_date DATE";
        ok(run(table, "dynamic_overwrite", "\"partitionBy\": [\"country\", \"event_date\"]", schema,
                "{\"id\": 1, \"country\": \"de\", \"event_date\": \"2024-08-01\"}",
                "{\"id\": 2, \"country\": \"fr\", \"event_date\": \"2024-08-01\"}",
                "{\"id\": 3, \"country\": \"de\", \"event_date\": \"2024-08-02\"}"));

        JsonNode run = ok(run(table, "dynamic_overwrite", "", "event_date DATE, country STRING, id BIGINT",
                "{\"id\": 10, \"country\": \"de\", \"event_date\": \"2024-08-01\"}",
                "{\"id\": 11, \"country\": \"de\", \"event_date\": \"2024-08-01\"}"));

        assertThat(run.get("metrics").get("partitionsReplaced")).hasSize(1);
        assertThat(run.get("metrics").get("partitionsReplaced").get(0).get("country").asString()).isEqualTo("de");
        assertThat(run.get("metrics").get("rowsDeleted").asLong()).as("rows of the replaced partition").isEqualTo(1);
        assertThat(run.get("metrics").get("rowsInserted").asLong()).isEqualTo(2);
        assertThat(sluice.rows(table, "id")).containsExactly(
                Map.of("id", 2, "country", "fr", "event_date", "2024-08-01"),
                Map.of("id", 3, "country", "de", "event_date", "2024-08-02"),
                Map.of("id", 10, "country", "de", "event_date", "2024-08-01"),
                Map.of("id", 11, "country", "de", "event_date", "2024-08-01"));
    }

    @Test
    void anEmptyIncrementShouldSucceedWithoutACommit() {
        String table = SluiceClient.uniqueTable("empty");
        ok(run(table, "dynamic_overwrite", "\"partitionBy\": [\"event_date\"]", EVENTS, row(1, "a", "2024-08-01")));
        JsonNode run = ok(run(table, "dynamic_overwrite", "", EVENTS));

        assertThat(run.get("tableVersionAfter").asLong()).isEqualTo(run.get("tableVersionBefore").asLong());
        assertThat(run.get("metrics").get("rowsOutput").asLong()).isZero();
        assertThat(sluice.rows(table, "id")).containsExactly(event(1, "a", "2024-08-01"));
    }

    @Test
    void mergeShouldUpdateMatchedRowsAndInsertTheOthers() {
        String table = SluiceClient.uniqueTable("merge");
        ok(run(table, "merge", "\"keys\": [\"id\"]", EVENTS, row(1, "a", "2024-08-01"), row(2, "b", "2024-08-01")));
        String increment = run(table, "merge", "\"keys\": [\"id\"]", "name STRING, id BIGINT, event_date DATE",
                row(2, "B", "2024-08-02"), row(3, "c", "2024-08-02"));

        JsonNode run = ok(increment);
        assertThat(run.get("metrics").get("rowsUpdated").asLong()).isEqualTo(1);
        assertThat(run.get("metrics").get("rowsInserted").asLong()).isEqualTo(1);
        List<Map<String, Object>> expected = List.of(event(1, "a", "2024-08-01"), event(2, "B", "2024-08-02"),
                event(3, "c", "2024-08-02"));
        assertThat(sluice.rows(table, "id")).containsExactlyElementsOf(expected);

        ok(increment); // a re-run updates the same rows to the same values
        assertThat(sluice.rows(table, "id")).containsExactlyElementsOf(expected);
    }

    @Test
    void mergeShouldUpdateOnlyTheNamedColumnsOrAllButTheExcludedOnes() {
        String schema = "id BIGINT, name STRING, score BIGINT";
        for (String option : List.of("\"updateColumns\": [\"score\"]", "\"excludeColumns\": [\"name\"]")) {
            String table = SluiceClient.uniqueTable("merge_cols");
            ok(run(table, "merge", "\"keys\": [\"id\"]", schema, "{\"id\": 1, \"name\": \"kept\", \"score\": 1}"));
            ok(run(table, "merge", "\"keys\": [\"id\"], " + option, schema, "{\"id\": 1, \"name\": \"ignored\", \"score\": 9}"));
            assertThat(sluice.rows(table, "id")).as(option).containsExactly(Map.of("id", 1, "name", "kept", "score", 9));
        }
    }

    @Test
    void mergeShouldDeleteRowsTheSourceLacksOnlyInThePartitionsItTouches() {
        String table = SluiceClient.uniqueTable("merge_delete");
        ok(run(table, "merge", "\"keys\": [\"id\"], \"partitionBy\": [\"event_date\"]", EVENTS,
                row(1, "a", "2024-08-01"), row(2, "b", "2024-08-01"), row(3, "c", "2024-08-02")));
        JsonNode run = ok(run(table, "merge", "\"keys\": [\"id\"], \"deleteNotMatchedBySource\": true", EVENTS,
                row(1, "A", "2024-08-01")));

        assertThat(run.get("metrics").get("rowsDeleted").asLong()).isEqualTo(1);
        assertThat(sluice.rows(table, "id")).containsExactly(event(1, "A", "2024-08-01"), event(3, "c", "2024-08-02"));
    }

    @Test
    void mergeShouldPruneToTheTouchedPartitionsWithLiteralPredicates() {
        String table = SluiceClient.uniqueTable("merge_pruned");
        ok(run(table, "merge", "\"keys\": [\"id\"], \"partitionBy\": [\"event_date\"]", EVENTS,
                row(1, "a", "2024-08-01"), row(2, "b", "2024-08-02")));
        ok(run(table, "merge", "\"keys\": [\"id\"]", EVENTS, row(2, "B", "2024-08-02")));

        String predicate = spark.sql("DESCRIBE HISTORY " + table + " LIMIT 1").first().getJavaMap(
                spark.sql("DESCRIBE HISTORY " + table + " LIMIT 1").first().fieldIndex("operationParameters")).get("predicate").toString();
        assertThat(predicate).contains("event_date").contains("2024-08-02").doesNotContain("2024-08-01");
        assertThat(sluice.rows(table, "id")).containsExactly(event(1, "a", "2024-08-01"), event(2, "B", "2024-08-02"));
    }

    @Test
    void mergeShouldMatchNullKeysOnlyWhenAskedTo() {
        String schema = "id BIGINT, name STRING";
        String nullKeyed = "{\"id\": null, \"name\": \"first\"}";
        String again = "{\"id\": null, \"name\": \"second\"}";

        String strict = SluiceClient.uniqueTable("merge_nulls");
        ok(run(strict, "merge", "\"keys\": [\"id\"]", schema, nullKeyed));
        ok(run(strict, "merge", "\"keys\": [\"id\"]", schema, again));
        assertThat(sluice.rows(strict, "name")).extracting(row -> row.get("name")).containsExactly("first", "second");

        String nullSafe = SluiceClient.uniqueTable("merge_nullsafe");
        ok(run(nullSafe, "merge", "\"keys\": [\"id\"], \"nullSafeKeys\": true", schema, nullKeyed));
        ok(run(nullSafe, "merge", "\"keys\": [\"id\"], \"nullSafeKeys\": true", schema, again));
        assertThat(sluice.rows(nullSafe, "name")).extracting(row -> row.get("name")).containsExactly("second");
    }

    @Test
    void duplicateSourceKeysShouldBeRefusedByDefault() {
        String table = SluiceClient.uniqueTable("dupes");
        ResponseEntity<JsonNode> response = sluice.post("/api/v1/runs", request(table, "merge", "\"keys\": [\"id\"]", EVENTS,
                row(1, "a", "2024-08-01"), row(1, "b", "2024-08-01"), row(2, "c", "2024-08-01")));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(response.getBody().get("errors").get(0).get("field").asString()).isEqualTo("keys");
        assertThat(response.getBody().get("errors").get(0).get("message").asString()).startsWith("1 key(s) occur more than once");
        assertThat(sluice.get("/api/v1/tables/" + table).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void duplicateSourceKeysShouldKeepTheLatestRowWhenAskedTo() {
        String table = SluiceClient.uniqueTable("latest");
        String schema = "id BIGINT, name STRING, updated_at TIMESTAMP";
        JsonNode run = ok(run(table, "merge", "\"keys\": [\"id\"], \"duplicates\": \"keep_latest\", \"orderBy\": [\"updated_at\"]", schema,
                "{\"id\": 1, \"name\": \"old\", \"updated_at\": \"2024-08-01T10:00:00Z\"}",
                "{\"id\": 1, \"name\": \"new\", \"updated_at\": \"2024-08-01T11:00:00Z\"}",
                "{\"id\": 2, \"name\": \"only\", \"updated_at\": \"2024-08-01T09:00:00Z\"}"));

        assertThat(run.get("metrics").get("rowsDroppedAsDuplicates").asLong()).isEqualTo(1);
        assertThat(sluice.rows(table, "id")).extracting(row -> row.get("name")).containsExactly("new", "only");
    }

    @Test
    void mergeShouldNeedKeys() {
        ResponseEntity<JsonNode> response = sluice.post("/api/v1/runs",
                request(SluiceClient.uniqueTable("nokeys"), "merge", "", EVENTS, row(1, "a", "2024-08-01")));
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(response.getBody().get("errors").get(0).get("field").asString()).isEqualTo("keys");
    }

    @Test
    void aRequestNamingAnotherFormatForAnExistingTableShouldConflict() {
        String table = SluiceClient.uniqueTable("format");
        ok(run(table, "append", "", EVENTS, row(1, "a", "2024-08-01")));
        ResponseEntity<JsonNode> response = sluice.post("/api/v1/runs",
                request(table, "append", "\"format\": \"parquet\"", EVENTS, row(2, "b", "2024-08-01")));
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(sluice.rows(table, "id")).containsExactly(event(1, "a", "2024-08-01"));
    }

    private JsonNode ok(String runId) {
        JsonNode run = sluice.awaitEnd(runId);
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        return run;
    }

    private String run(String table, String strategy, String options, String schema, String... rows) {
        return sluice.submit(request(table, strategy, options, schema, rows));
    }

    private static String request(String table, String strategy, String options, String schema, String... rows) {
        return """
                {"table": "%s", "strategy": "%s", %s "source": {"type": "inline", "schema": "%s", "rows": [%s]}}"""
                .formatted(table, strategy, options.isEmpty() ? "" : options + ",", schema, String.join(",", rows));
    }

    private static String row(long id, String name, String date) {
        return "{\"id\": %d, \"name\": \"%s\", \"event_date\": \"%s\"}".formatted(id, name, date);
    }

    private static Map<String, Object> event(int id, String name, String date) {
        return Map.of("id", id, "name", name, "event_date", date);
    }

    private static List<String> partitions(JsonNode run) {
        List<String> dates = new java.util.ArrayList<>();
        run.get("metrics").get("partitionsReplaced").forEach(p -> dates.add(p.get("event_date").asString()));
        return dates;
    }
}
