package io.sluice.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import io.sluice.web.EnumNames;
import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import io.sluice.table.TableFormat;
import tools.jackson.databind.JsonNode;

/**
 * The four strategies on Delta and on Parquet tables, end to end over HTTP, with exact table contents.
 * Every format-independent promise is checked on both formats by the same test.
 */
@SluiceIntegrationTest
class StrategiesIntegrationTests {

    static final String EVENTS = "id BIGINT, name STRING, event_date DATE";
    static final String PLACES = "id BIGINT, country STRING, event_date DATE, name STRING";

    @Autowired
    SluiceClient sluice;

    @Autowired
    SparkSession spark;

    static Stream<Arguments> everyStrategyOnEveryFormat() {
        return Stream.of("append", "drop_partition", "dynamic_overwrite", "merge")
                .flatMap(strategy -> Stream.of(TableFormat.values()).map(format -> Arguments.of(strategy, format)));
    }

    /**
     * One scenario per strategy × format: an initial load into two partition columns, an increment with
     * the columns shuffled touching one existing and one new partition, a re-run of that increment,
     * and an empty increment.
     */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("everyStrategyOnEveryFormat")
    void initialLoadIncrementReRunAndEmptyIncrement(String strategy, TableFormat format) {
        String table = SluiceClient.uniqueTable(strategy + "_" + EnumNames.of(format));
        String options = strategy.equals("merge") ? "\"keys\": [\"id\"]" : "";
        ok(submit(table, format, strategy, join(options, "\"partitionBy\": [\"country\", \"event_date\"]"), PLACES,
                place(1, "de", "2024-08-01", "a"), place(2, "de", "2024-08-02", "b"), place(3, "fr", "2024-08-01", "c"),
                place(5, "de", "2024-08-02", "e")));

        String increment = request(table, format, strategy, options, "name STRING, event_date DATE, id BIGINT, country STRING",
                place(2, "de", "2024-08-02", "B"), place(4, "fr", "2024-08-03", "d"));
        JsonNode run = ok(sluice.submit(increment));
        List<Map<String, Object>> expected = switch (strategy) {
            case "append" -> List.of(place(1, "a"), place(2, "b"), place(2, "B"), place(3, "c"), place(4, "d"), place(5, "e"));
            case "merge" -> List.of(place(1, "a"), place(2, "B"), place(3, "c"), place(4, "d"), place(5, "e"));
            default -> List.of(place(1, "a"), place(2, "B"), place(3, "c"), place(4, "d")); // partition de/2024-08-02 replaced
        };
        assertThat(rows(table)).containsExactlyInAnyOrderElementsOf(expected);
        JsonNode metrics = run.get("metrics");
        assertThat(metrics.get("rowsInserted").asLong()).isEqualTo(strategy.equals("merge") ? 1 : 2);
        assertThat(metrics.get("rowsUpdated").asLong(0)).isEqualTo(strategy.equals("merge") ? 1 : 0);
        assertThat(metrics.get("rowsDeleted").asLong(0)).isEqualTo(strategy.contains("_") ? 2 : 0);
        assertThat(metrics.get("filesAdded").asLong()).isPositive();
        if (strategy.contains("_")) {
            assertThat(metrics.get("partitionsReplaced").toString()).isEqualTo(
                    "[{\"country\":\"de\",\"event_date\":\"2024-08-02\"},{\"country\":\"fr\",\"event_date\":\"2024-08-03\"}]");
        } else {
            assertThat(metrics.get("partitionsReplaced").isNull()).as("%s replaces no partitions", strategy).isTrue();
        }
        assertVersions(run, format, 1);

        JsonNode rerun = ok(sluice.submit(increment)); // append appends again; the others converge
        List<Map<String, Object>> afterReRun = new ArrayList<>(expected);
        if (strategy.equals("append")) {
            afterReRun.addAll(List.of(place(2, "B"), place(4, "d")));
        }
        assertThat(rows(table)).containsExactlyInAnyOrderElementsOf(afterReRun);
        assertVersions(rerun, format, strategy.equals("merge") ? 0 : 1); // a merge that changes no row commits nothing

        JsonNode empty = ok(submit(table, format, strategy, options, PLACES));
        assertThat(empty.get("metrics").get("rowsOutput").asLong()).isZero();
        assertVersions(empty, format, 0);
        assertThat(rows(table)).containsExactlyInAnyOrderElementsOf(afterReRun);
    }

    @ParameterizedTest
    @EnumSource(TableFormat.class)
    void mergeShouldUpdateOnlyTheNamedColumnsOrAllButTheExcludedOnes(TableFormat format) {
        String schema = "id BIGINT, name STRING, score BIGINT";
        for (String option : List.of("\"updateColumns\": [\"score\"]", "\"excludeColumns\": [\"name\"]")) {
            String table = SluiceClient.uniqueTable("merge_cols");
            ok(submit(table, format, "merge", "\"keys\": [\"id\"]", schema, "{\"id\": 1, \"name\": \"kept\", \"score\": 1}"));
            ok(submit(table, format, "merge", "\"keys\": [\"id\"], " + option, schema,
                    "{\"id\": 1, \"name\": \"ignored\", \"score\": 9}", "{\"id\": 2, \"name\": \"new\", \"score\": 2}"));
            assertThat(sluice.rows(table, "id")).as(option).containsExactly(Map.of("id", 1, "name", "kept", "score", 9),
                    Map.of("id", 2, "name", "new", "score", 2));
        }
    }

    @ParameterizedTest
    @EnumSource(TableFormat.class)
    void mergeShouldDeleteRowsTheSourceLacksOnlyInThePartitionsItTouches(TableFormat format) {
        String table = SluiceClient.uniqueTable("merge_delete");
        ok(submit(table, format, "merge", "\"keys\": [\"id\"], \"partitionBy\": [\"event_date\"]", EVENTS,
                row(1, "a", "2024-08-01"), row(2, "b", "2024-08-01"), row(3, "c", "2024-08-02"), row(4, "d", "2024-08-03")));
        JsonNode run = ok(submit(table, format, "merge", "\"keys\": [\"id\"], \"deleteNotMatchedBySource\": true", EVENTS,
                row(1, "A", "2024-08-01")));

        assertThat(run.get("metrics").get("rowsDeleted").asLong()).isEqualTo(1);
        assertThat(sluice.rows(table, "id")).containsExactly(event(1, "A", "2024-08-01"), event(3, "c", "2024-08-02"),
                event(4, "d", "2024-08-03"));

        // a new key replaces the old one of its partition; an untouched partition keeps its rows
        JsonNode next = ok(submit(table, format, "merge", "\"keys\": [\"id\"], \"deleteNotMatchedBySource\": true", EVENTS,
                row(5, "e", "2024-08-03"), row(30, "x", "2024-08-04")));
        assertThat(next.get("metrics").get("rowsDeleted").asLong()).isEqualTo(1);
        assertThat(next.get("metrics").get("rowsInserted").asLong()).isEqualTo(2);
        assertThat(sluice.rows(table, "id")).containsExactly(event(1, "A", "2024-08-01"), event(3, "c", "2024-08-02"),
                event(5, "e", "2024-08-03"), event(30, "x", "2024-08-04"));
    }

    @ParameterizedTest
    @EnumSource(TableFormat.class)
    void mergeShouldMatchNullKeysOnlyWhenAskedTo(TableFormat format) {
        String schema = "id BIGINT, name STRING";
        String nullKeyed = "{\"id\": null, \"name\": \"first\"}";
        String again = "{\"id\": null, \"name\": \"second\"}";

        String strict = SluiceClient.uniqueTable("merge_nulls");
        ok(submit(strict, format, "merge", "\"keys\": [\"id\"]", schema, nullKeyed));
        ok(submit(strict, format, "merge", "\"keys\": [\"id\"]", schema, again));
        assertThat(sluice.rows(strict, "name")).extracting(row -> row.get("name")).containsExactly("first", "second");

        String nullSafe = SluiceClient.uniqueTable("merge_nullsafe");
        ok(submit(nullSafe, format, "merge", "\"keys\": [\"id\"], \"nullSafeKeys\": true", schema, nullKeyed));
        ok(submit(nullSafe, format, "merge", "\"keys\": [\"id\"], \"nullSafeKeys\": true", schema, again));
        assertThat(sluice.rows(nullSafe, "name")).extracting(row -> row.get("name")).containsExactly("second");
    }

    @ParameterizedTest
    @EnumSource(TableFormat.class)
    void mergeShouldInsertOnlyNewKeysOrDeleteTheMatchedRowsWhenAskedTo(TableFormat format) {
        String table = SluiceClient.uniqueTable("merge_actions");
        String keyed = "\"keys\": [\"id\"], \"partitionBy\": [\"event_date\"]";
        ok(submit(table, format, "merge", keyed, EVENTS, row(1, "a", "2024-08-01"), row(2, "b", "2024-08-01"), row(3, "c", "2024-08-02")));

        JsonNode insertOnly = ok(submit(table, format, "merge", keyed + ", \"whenMatched\": \"ignore\"", EVENTS,
                row(2, "ignored", "2024-08-01"), row(4, "d", "2024-08-02")));
        assertThat(insertOnly.get("metrics").get("rowsInserted").asLong()).isEqualTo(1);
        assertThat(insertOnly.get("metrics").get("rowsUpdated").asLong(0)).isZero();
        assertThat(sluice.rows(table, "id")).containsExactly(event(1, "a", "2024-08-01"), event(2, "b", "2024-08-01"),
                event(3, "c", "2024-08-02"), event(4, "d", "2024-08-02"));

        JsonNode deleteOnly = ok(submit(table, format, "merge", keyed + ", \"whenMatched\": \"delete\", \"whenNotMatched\": \"ignore\"",
                EVENTS, row(2, "any", "2024-08-01"), row(3, "any", "2024-08-02"), row(9, "not there", "2024-08-02")));
        assertThat(deleteOnly.get("metrics").get("rowsDeleted").asLong()).isEqualTo(2);
        assertThat(deleteOnly.get("metrics").get("rowsInserted").asLong(0)).isZero();
        assertThat(sluice.rows(table, "id")).containsExactly(event(1, "a", "2024-08-01"), event(4, "d", "2024-08-02"));
    }

    @ParameterizedTest
    @EnumSource(TableFormat.class)
    void aMergeThatDeletesEveryRowOfAPartitionShouldLeaveItEmptyAndWritableAgain(TableFormat format) {
        String table = SluiceClient.uniqueTable("merge_empties");
        String keyed = "\"keys\": [\"id\"], \"partitionBy\": [\"event_date\"]";
        ok(submit(table, format, "merge", keyed, EVENTS, row(1, "a", "2024-08-01"), row(2, "b", "2024-08-01"), row(3, "c", "2024-08-02")));

        // both rows of 08-01 go; the row for 08-05, a partition the table lacks, is skipped
        JsonNode emptied = ok(submit(table, format, "merge", keyed + ", \"whenMatched\": \"delete\", \"whenNotMatched\": \"ignore\"",
                EVENTS, row(1, "any", "2024-08-01"), row(2, "any", "2024-08-01"), row(9, "skipped", "2024-08-05")));
        assertThat(emptied.get("metrics").get("rowsDeleted").asLong()).isEqualTo(2);
        assertThat(sluice.rows(table, "id")).containsExactly(event(3, "c", "2024-08-02"));

        ok(submit(table, format, "merge", keyed, EVENTS, row(1, "again", "2024-08-01")));
        assertThat(sluice.rows(table, "id")).containsExactly(event(1, "again", "2024-08-01"), event(3, "c", "2024-08-02"));
    }

    @Test
    void mergeActionsThatCannotApplyShouldBeRefused() {
        String table = SluiceClient.uniqueTable("merge_refused");
        String nothing = request(table, TableFormat.DELTA, "merge", "\"keys\": [\"id\"], \"whenMatched\": \"ignore\", "
                + "\"whenNotMatched\": \"ignore\"", EVENTS, row(1, "a", "2024-08-01"));
        String noTable = request(table, TableFormat.DELTA, "merge", "\"keys\": [\"id\"], \"whenMatched\": \"delete\", "
                + "\"whenNotMatched\": \"ignore\"", EVENTS, row(1, "a", "2024-08-01"));
        String columns = request(table, TableFormat.DELTA, "merge", "\"keys\": [\"id\"], \"whenMatched\": \"delete\", "
                + "\"updateColumns\": [\"name\"]", EVENTS, row(1, "a", "2024-08-01"));
        String notMerge = request(table, TableFormat.DELTA, "append", "\"whenNotMatched\": \"ignore\"", EVENTS, row(1, "a", "2024-08-01"));
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put(nothing, "whenNotMatched");
        fields.put(noTable, "whenNotMatched");
        fields.put(columns, "whenMatched");
        fields.put(notMerge, "strategy");
        fields.forEach((request, field) -> {
            ResponseEntity<JsonNode> response = sluice.post("/api/v1/runs", request);
            assertThat(response.getStatusCode()).as(request).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
            assertThat(response.getBody().get("errors").get(0).get("field").asString()).as(request).isEqualTo(field);
        });
        assertThat(sluice.get("/api/v1/tables/" + table).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @ParameterizedTest
    @EnumSource(TableFormat.class)
    void duplicateSourceKeysShouldKeepTheLatestRowWhenAskedTo(TableFormat format) {
        String table = SluiceClient.uniqueTable("latest");
        String schema = "id BIGINT, name STRING, updated_at TIMESTAMP";
        String options = "\"keys\": [\"id\"], \"duplicates\": \"keep_latest\", \"orderBy\": [\"updated_at\"]";
        ok(submit(table, format, "merge", options, schema, "{\"id\": 1, \"name\": \"first\", \"updated_at\": \"2024-08-01T08:00:00Z\"}"));
        JsonNode run = ok(submit(table, format, "merge", options, schema,
                "{\"id\": 1, \"name\": \"old\", \"updated_at\": \"2024-08-01T10:00:00Z\"}",
                "{\"id\": 1, \"name\": \"new\", \"updated_at\": \"2024-08-01T11:00:00Z\"}",
                "{\"id\": 2, \"name\": \"only\", \"updated_at\": \"2024-08-01T09:00:00Z\"}"));

        assertThat(run.get("metrics").get("rowsDroppedAsDuplicates").asLong()).isEqualTo(1);
        assertThat(sluice.rows(table, "id")).extracting(row -> row.get("name")).containsExactly("new", "only");
    }

    @ParameterizedTest
    @EnumSource(TableFormat.class)
    void aRequestNamingAnotherFormatForAnExistingTableShouldConflict(TableFormat format) {
        String table = SluiceClient.uniqueTable("format");
        TableFormat other = format == TableFormat.DELTA ? TableFormat.PARQUET : TableFormat.DELTA;
        ok(submit(table, format, "append", "", EVENTS, row(1, "a", "2024-08-01")));
        ResponseEntity<JsonNode> response = sluice.post("/api/v1/runs", request(table, other, "append", "", EVENTS, row(2, "b", "2024-08-01")));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(sluice.table(table).get("format").asString()).isEqualTo(EnumNames.of(format));
        assertThat(sluice.rows(table, "id")).containsExactly(event(1, "a", "2024-08-01"));
    }

    @Test
    void mergeShouldPruneDeltaToTheTouchedPartitionsWithLiteralPredicates() {
        String table = SluiceClient.uniqueTable("merge_pruned");
        ok(submit(table, TableFormat.DELTA, "merge", "\"keys\": [\"id\"], \"partitionBy\": [\"event_date\"]", EVENTS,
                row(1, "a", "2024-08-01"), row(2, "b", "2024-08-02")));
        ok(submit(table, TableFormat.DELTA, "merge", "\"keys\": [\"id\"]", EVENTS, row(2, "B", "2024-08-02")));

        var latest = spark.sql("DESCRIBE HISTORY " + table + " LIMIT 1").first();
        String predicate = latest.getJavaMap(latest.fieldIndex("operationParameters")).get("predicate").toString();
        assertThat(predicate).contains("event_date").contains("2024-08-02").doesNotContain("2024-08-01");
        assertThat(sluice.rows(table, "id")).containsExactly(event(1, "a", "2024-08-01"), event(2, "B", "2024-08-02"));
    }

    @Test
    void dropPartitionShouldRefuseAnUnpartitionedTable() {
        ResponseEntity<JsonNode> response = sluice.post("/api/v1/runs",
                request(SluiceClient.uniqueTable("drop_flat"), TableFormat.PARQUET, "drop_partition", "", EVENTS, row(1, "a", "2024-08-01")));
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(response.getBody().get("errors").get(0).get("field").asString()).isEqualTo("partitionBy");
    }

    @Test
    void duplicateSourceKeysShouldBeRefusedByDefault() {
        String table = SluiceClient.uniqueTable("dupes");
        ResponseEntity<JsonNode> response = sluice.post("/api/v1/runs", request(table, TableFormat.DELTA, "merge", "\"keys\": [\"id\"]",
                EVENTS, row(1, "a", "2024-08-01"), row(1, "b", "2024-08-01"), row(2, "c", "2024-08-01")));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(response.getBody().get("errors").get(0).get("field").asString()).isEqualTo("keys");
        assertThat(response.getBody().get("errors").get(0).get("message").asString()).startsWith("1 key(s) occur more than once");
        assertThat(sluice.get("/api/v1/tables/" + table).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void mergeShouldNeedKeys() {
        ResponseEntity<JsonNode> response = sluice.post("/api/v1/runs",
                request(SluiceClient.uniqueTable("nokeys"), TableFormat.PARQUET, "merge", "", EVENTS, row(1, "a", "2024-08-01")));
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(response.getBody().get("errors").get(0).get("field").asString()).isEqualTo("keys");
    }

    /** Delta: each write is one commit; Parquet tables have no versions. */
    private static void assertVersions(JsonNode run, TableFormat format, int commits) {
        if (format == TableFormat.DELTA) {
            assertThat(run.get("tableVersionAfter").asLong()).isEqualTo(run.get("tableVersionBefore").asLong() + commits);
        } else {
            assertThat(run.get("tableVersionAfter").isNull()).isTrue();
        }
    }

    private List<Map<String, Object>> rows(String table) {
        return sluice.rows(table, "id").stream().map(row -> Map.of("id", row.get("id"), "name", row.get("name"))).toList();
    }

    private JsonNode ok(String runId) {
        JsonNode run = sluice.awaitEnd(runId);
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        return run;
    }

    private String submit(String table, TableFormat format, String strategy, String options, String schema, String... rows) {
        return sluice.submit(request(table, format, strategy, options, schema, rows));
    }

    static String request(String table, TableFormat format, String strategy, String options, String schema, String... rows) {
        return """
                {"table": "%s", "format": "%s", "strategy": "%s", %s "source": {"type": "inline", "schema": "%s", "rows": [%s]}}"""
                .formatted(table, EnumNames.of(format), strategy, options.isEmpty() ? "" : options + ",", schema, String.join(",", rows));
    }

    private static String join(String first, String second) {
        return first.isEmpty() ? second : first + ", " + second;
    }

    static String row(long id, String name, String date) {
        return "{\"id\": %d, \"name\": \"%s\", \"event_date\": \"%s\"}".formatted(id, name, date);
    }

    private static String place(long id, String country, String date, String name) {
        return "{\"id\": %d, \"country\": \"%s\", \"event_date\": \"%s\", \"name\": \"%s\"}".formatted(id, country, date, name);
    }

    private static Map<String, Object> place(int id, String name) {
        return Map.of("id", id, "name", name);
    }

    static Map<String, Object> event(int id, String name, String date) {
        return Map.of("id", id, "name", name, "event_date", date);
    }
}
