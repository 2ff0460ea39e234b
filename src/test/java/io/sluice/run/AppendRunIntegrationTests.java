package io.sluice.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import io.sluice.SluiceProperties;
import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import tools.jackson.databind.JsonNode;

/** The append strategy end to end: POST over HTTP, poll to the end, read the table back. */
@SluiceIntegrationTest
class AppendRunIntegrationTests {

    @Autowired
    SluiceClient sluice;

    @Autowired
    SluiceProperties properties;

    @Test
    void shouldCreateThePartitionedTableOnTheFirstRunAndAppendTheRows() {
        String table = SluiceClient.uniqueTable("events");
        JsonNode run = sluice.submitAndAwait(inline(table, "id BIGINT, name STRING, event_date DATE",
                "{\"id\": 1, \"name\": \"a\", \"event_date\": \"2024-08-01\"}, {\"id\": 2, \"name\": \"b\", \"event_date\": \"2024-08-02\"}"));

        assertThat(run.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("tableVersionBefore").isNull()).isTrue();
        assertThat(run.get("tableVersionAfter").asLong()).isZero();
        assertThat(run.get("metrics").get("rowsOutput").asLong()).isEqualTo(2);
        assertThat(run.get("metrics").get("rowsInserted").asLong()).isEqualTo(2);
        assertThat(run.get("metrics").get("filesAdded").asLong()).isEqualTo(2); // one file per partition
        assertThat(run.get("metrics").get("partitionsReplaced").isNull()).as("an append replaces no partitions").isTrue();
        assertThat(run.get("source").get("description").asString()).isEqualTo("2 inline rows (id BIGINT, name STRING, event_date DATE)");
        assertThat(run.get("startedAt").isNull()).isFalse();
        assertThat(run.get("finishedAt").isNull()).isFalse();
        assertThat(run.get("error").isNull()).isTrue();

        assertThat(sluice.rows(table, "id")).containsExactly(
                Map.of("id", 1, "name", "a", "event_date", "2024-08-01"),
                Map.of("id", 2, "name", "b", "event_date", "2024-08-02"));
        JsonNode described = sluice.table(table);
        assertThat(described.get("format").asString()).isEqualTo("delta");
        assertThat(described.get("partitionBy").get(0).asString()).isEqualTo("event_date");
        assertThat(described.get("rowCount").asLong()).isEqualTo(2);
        assertThat(described.get("version").asLong()).isZero();
    }

    @Test
    void shouldMatchColumnsByNameWhateverTheirOrderInTheSource() {
        String table = SluiceClient.uniqueTable("by_name");
        sluice.submitAndAwait(inline(table, "id BIGINT, name STRING, event_date DATE",
                "{\"id\": 1, \"name\": \"a\", \"event_date\": \"2024-08-01\"}"));
        JsonNode second = sluice.submitAndAwait(inline(table, "event_date DATE, name STRING, id BIGINT",
                "{\"id\": 2, \"name\": \"b\", \"event_date\": \"2024-08-02\"}"));

        assertThat(second.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(second.get("tableVersionBefore").asLong()).isZero();
        assertThat(second.get("tableVersionAfter").asLong()).isEqualTo(1);
        assertThat(second.get("source").get("description").asString()).isEqualTo("1 inline row (event_date DATE, name STRING, id BIGINT)");
        assertThat(second.get("metrics").get("partitionsReplaced").isNull()).isTrue();
        assertThat(sluice.rows(table, "id")).containsExactly(
                Map.of("id", 1, "name", "a", "event_date", "2024-08-01"),
                Map.of("id", 2, "name", "b", "event_date", "2024-08-02"));
    }

    @Test
    void shouldAppendTheSameRowsAgainWhenTheSameRequestRunsTwice() {
        String table = SluiceClient.uniqueTable("rerun");
        String request = inline(table, "id BIGINT, event_date DATE", "{\"id\": 1, \"event_date\": \"2024-08-01\"}");
        sluice.submitAndAwait(request);
        sluice.submitAndAwait(request);
        assertThat(sluice.rows(table, "id")).hasSize(2).allMatch(row -> row.get("id").equals(1));
    }

    @Test
    void shouldLoadCsvFilesMatchedByAGlobUnderAnAllowedRoot() throws Exception {
        String table = SluiceClient.uniqueTable("csv");
        Path folder = Files.createDirectories(properties.resolve("inbox").resolve(table));
        Files.writeString(folder.resolve("part-1.csv"), "id,name\n1,ada\n2,grace\n");
        Files.writeString(folder.resolve("part-2.csv"), "id,name\n3,edsger\n");
        Files.writeString(folder.resolve("notes.txt"), "not data");

        JsonNode run = sluice.submitAndAwait("""
                {"table": "%s", "strategy": "append",
                 "source": {"type": "files", "format": "csv", "path": "%s/*.csv", "options": {"header": "true"},
                            "schema": "id BIGINT, name STRING"}}""".formatted(table, folder));

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("source").get("type").asString()).isEqualTo("files");
        assertThat(run.get("metrics").get("rowsOutput").asLong()).isEqualTo(3);
        assertThat(sluice.rows(table, "id")).containsExactly(
                Map.of("id", 1, "name", "ada"), Map.of("id", 2, "name", "grace"), Map.of("id", 3, "name", "edsger"));
    }

    @Test
    void shouldFailOnAMalformedFileAndLeaveTheTableAsItWas() throws Exception {
        String table = SluiceClient.uniqueTable("malformed");
        sluice.submitAndAwait(inline(table, "id BIGINT, name STRING", "{\"id\": 1, \"name\": \"kept\"}"));
        Path folder = Files.createDirectories(properties.resolve("inbox").resolve(table));
        Files.writeString(folder.resolve("bad.csv"), "id,name\n2,fine\nnot-a-number,broken\n");

        JsonNode run = sluice.submitAndAwait("""
                {"table": "%s", "strategy": "append",
                 "source": {"type": "files", "format": "csv", "path": "%s/bad.csv", "options": {"header": "true"},
                            "schema": "id BIGINT, name STRING"}}""".formatted(table, folder));

        assertThat(run.get("status").asString()).isEqualTo("FAILED");
        assertThat(run.get("error").get("code").asString()).isEqualTo("SOURCE_MALFORMED");
        assertThat(run.get("error").get("message").asString()).isNotBlank().doesNotContain("\tat ");
        assertThat(run.get("tableVersionBefore").asLong()).isZero();
        assertThat(run.get("tableVersionAfter").isNull()).isTrue();
        assertThat(sluice.rows(table, "id")).containsExactly(Map.of("id", 1, "name", "kept"));
        assertThat(sluice.table(table).get("version").asLong()).isZero();
    }

    @Test
    void shouldRefuseASourceWithAColumnTheTableLacksAndChangeNothing() {
        String table = SluiceClient.uniqueTable("schema");
        sluice.submitAndAwait(inline(table, "id BIGINT", "{\"id\": 1}"));
        ResponseEntity<JsonNode> response = sluice.post("/api/v1/runs", inline(table, "id BIGINT, extra STRING",
                "{\"id\": 2, \"extra\": \"x\"}"));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(response.getBody().get("errors").get(0).get("field").asString()).isEqualTo("schemaPolicy");
        assertThat(response.getBody().get("errors").get(0).get("message").asString()).contains("'extra'");
        assertThat(sluice.rows(table, "id")).containsExactly(Map.of("id", 1));
    }

    @Test
    void shouldRefuseAPathOutsideTheAllowedRootsWithoutCreatingAnything() {
        String table = SluiceClient.uniqueTable("outside");
        ResponseEntity<JsonNode> response = sluice.post("/api/v1/runs", """
                {"table": "%s", "strategy": "append", "source": {"type": "files", "format": "csv", "path": "/etc/*"}}"""
                .formatted(table));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(response.getBody().get("errors").get(0).get("field").asString()).isEqualTo("source.path");
        assertThat(sluice.get("/api/v1/tables/" + table).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(sluice.get("/api/v1/runs?table=" + table).getBody().get("total").asLong()).isZero();
    }

    @Test
    void shouldCancelAQueuedRunSoItNeverWrites() {
        String table = SluiceClient.uniqueTable("cancel_queued");
        String first = sluice.submit(inline(table, "id BIGINT", "{\"id\": 1}"));
        String second = sluice.submit(inline(table, "id BIGINT", "{\"id\": 2}"));
        String third = sluice.submit(inline(table, "id BIGINT", "{\"id\": 3}"));

        ResponseEntity<JsonNode> cancel = sluice.delete("/api/v1/runs/" + third);
        assertThat(cancel.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(cancel.getBody().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(cancel.getBody().get("error").get("code").asString()).isEqualTo("CANCELLED");

        assertThat(sluice.awaitEnd(first).get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(sluice.awaitEnd(second).get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(sluice.rows(table, "id")).containsExactly(Map.of("id", 1), Map.of("id", 2));
        assertThat(sluice.delete("/api/v1/runs/" + third).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void shouldAnswerALongPollWhenTheRunEnds() {
        String table = SluiceClient.uniqueTable("long_poll");
        String id = sluice.submit(inline(table, "id BIGINT", "{\"id\": 1}"));
        JsonNode run = sluice.get("/api/v1/runs/" + id + "?waitSeconds=60").getBody();
        assertThat(run.get("status").asString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void shouldListTheRunsOfATableNewestFirst() {
        String table = SluiceClient.uniqueTable("listed");
        String first = sluice.submitAndAwait(inline(table, "id BIGINT", "{\"id\": 1}")).get("id").asString();
        String second = sluice.submitAndAwait(inline(table, "id BIGINT", "{\"id\": 2}")).get("id").asString();

        JsonNode page = sluice.get("/api/v1/runs?table=" + table + "&status=SUCCEEDED").getBody();
        assertThat(page.get("total").asLong()).isEqualTo(2);
        assertThat(List.of(page.get("items").get(0).get("id").asString(), page.get("items").get(1).get("id").asString()))
                .containsExactly(second, first);
    }

    static String inline(String table, String schema, String rows) {
        return """
                {"table": "%s", "strategy": "append", "partitionBy": %s,
                 "source": {"type": "inline", "schema": "%s", "rows": [%s]}}"""
                .formatted(table, schema.contains("event_date") ? "[\"event_date\"]" : "[]", schema, rows);
    }
}
