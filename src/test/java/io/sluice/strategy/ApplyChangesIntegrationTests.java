package io.sluice.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;

import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import io.sluice.table.TableFormat;
import io.sluice.web.EnumNames;
import tools.jackson.databind.JsonNode;

/**
 * apply_changes end to end over HTTP on Delta and Parquet, type 1 and type 2, with exact table contents: events out of
 * order across batches, several per key in a batch, deletes and re-inserts, replays, null keys and bad conditions.
 * Rows read as "id,name,seq" (type 1) or "id,name,seq,__valid_from,__valid_to,__is_current" (type 2); op is an except column.
 */
@SluiceIntegrationTest
class ApplyChangesIntegrationTests {

    static final String EVENTS = "id BIGINT, name STRING, op STRING, seq BIGINT";
    static final String LATEST = "\"keys\": [\"id\"], \"sequenceBy\": \"seq\", \"deleteWhen\": \"op = 'D'\", \"exceptColumns\": [\"op\"]";
    static final String HISTORY = LATEST + ", \"history\": true";

    @Autowired
    SluiceClient sluice;

    @Value("${sluice.data-dir}")
    String dataDir;

    @ParameterizedTest
    @EnumSource(TableFormat.class)
    void type1ShouldKeepTheLatestEventPerKeyWhateverOrderTheBatchesArriveIn(TableFormat format) {
        String table = SluiceClient.uniqueTable("cdc1_order_" + EnumNames.of(format));
        JsonNode first = ok(apply(table, format, LATEST, e(1, "a", "I", 1), e(1, "b", "U", 3), e(2, "x", "I", 2), e(2, "x", "I", 2),
                e(3, "c", "I", 5)));
        assertThat(rows(table)).containsExactly("1,b,3", "2,x,2", "3,c,5");
        assertThat(first.get("metrics").get("rowsInserted").asLong()).isEqualTo(3);

        // older than the table's (ignored), as old (ignored), newer (applied), a new key with a low sequence (inserted)
        String late = request(table, format, LATEST, e(1, "older", "U", 2), e(3, "same", "U", 5), e(2, "y", "U", 4), e(4, "d", "I", 1));
        JsonNode second = ok(sluice.submit(late));
        assertThat(rows(table)).containsExactly("1,b,3", "2,y,4", "3,c,5", "4,d,1");
        assertCounts(second, 1, 1, 0);

        JsonNode replay = ok(sluice.submit(late));
        assertThat(rows(table)).containsExactly("1,b,3", "2,y,4", "3,c,5", "4,d,1");
        assertCounts(replay, 0, 0, 0);
        assertUnchanged(replay, format);
    }

    @ParameterizedTest
    @EnumSource(TableFormat.class)
    void type1ShouldDeleteARowAndBringItBackWithAHigherSequence(TableFormat format) {
        String table = SluiceClient.uniqueTable("cdc1_delete_" + EnumNames.of(format));
        ok(apply(table, format, LATEST, e(1, "a", "I", 1), e(2, "b", "I", 1), e(3, "c", "I", 1), e(3, null, "D", 2)));
        assertThat(rows(table)).as("a key deleted in the batch that inserts it").containsExactly("1,a,1", "2,b,1");

        JsonNode deleted = ok(apply(table, format, LATEST, e(1, null, "D", 2), e(9, null, "D", 1)));
        assertThat(rows(table)).as("a delete of an unknown key changes nothing").containsExactly("2,b,1");
        assertCounts(deleted, 0, 0, 1);

        JsonNode back = ok(apply(table, format, LATEST, e(1, "again", "I", 3), e(2, null, "D", 2), e(2, "back", "U", 4)));
        assertThat(rows(table)).containsExactly("1,again,3", "2,back,4");
        assertCounts(back, 1, 1, 0);
    }

    @ParameterizedTest
    @EnumSource(TableFormat.class)
    void type2ShouldKeepAVersionPerChangeAndPutLateEventsInTheirPlaceInHistory(TableFormat format) {
        String table = SluiceClient.uniqueTable("cdc2_order_" + EnumNames.of(format));
        // (1, a) at 2 repeats a tracked value: no new version; (2, x) twice is one event
        ok(apply(table, format, HISTORY, e(1, "a", "I", 1), e(1, "a", "U", 2), e(1, "b", "U", 3), e(2, "x", "I", 1), e(2, "x", "I", 1)));
        assertThat(rows(table)).containsExactly("1,a,1,1,3,false", "1,b,3,3,null,true", "2,x,1,1,null,true");

        // 1 at 2 falls between two versions and splits the interval; 2 at 0 comes before its first version; 2 at 5 is newest
        String late = request(table, format, HISTORY, e(1, "between", "U", 2), e(2, "y", "U", 5), e(2, "early", "I", 0));
        JsonNode second = ok(sluice.submit(late));
        assertThat(rows(table)).containsExactly("1,a,1,1,2,false", "1,between,2,2,3,false", "1,b,3,3,null,true",
                "2,early,0,0,1,false", "2,x,1,1,5,false", "2,y,5,5,null,true");
        assertCounts(second, 3, 2, 0);

        JsonNode replay = ok(sluice.submit(late));
        assertThat(rows(table)).hasSize(6);
        assertCounts(replay, 0, 0, 0);
        assertUnchanged(replay, format);
    }

    @ParameterizedTest
    @EnumSource(TableFormat.class)
    void type2ShouldCloseTheCurrentVersionOnDeleteAndOpenANewOneOnReinsert(TableFormat format) {
        String table = SluiceClient.uniqueTable("cdc2_delete_" + EnumNames.of(format));
        ok(apply(table, format, HISTORY, e(1, "a", "I", 1), e(2, "b", "I", 1)));
        JsonNode deleted = ok(apply(table, format, HISTORY, e(1, null, "D", 3), e(1, null, "D", 4)));
        assertThat(rows(table)).as("the second delete has nothing open to close")
                .containsExactly("1,a,1,1,3,false", "2,b,1,1,null,true");
        assertCounts(deleted, 0, 1, 0);

        // a late update inside the deleted interval splits it and stays closed by the delete; a later insert reopens the key
        ok(apply(table, format, HISTORY, e(1, "late", "U", 2), e(1, "again", "I", 5)));
        assertThat(rows(table)).containsExactly("1,a,1,1,2,false", "1,late,2,2,3,false", "1,again,5,5,null,true",
                "2,b,1,1,null,true");
    }

    @ParameterizedTest
    @EnumSource(TableFormat.class)
    void shouldFailARunWhoseEventsHaveANullKeyCommittingNothing(TableFormat format) throws IOException {
        String table = SluiceClient.uniqueTable("cdc_null_" + EnumNames.of(format));
        ok(apply(table, format, LATEST, e(1, "a", "I", 1)));
        Path inbox = Path.of(dataDir, "inbox", "cdc-" + UUID.randomUUID());
        Files.createDirectories(inbox);
        Files.writeString(inbox.resolve("events.json"), """
                {"id": 1, "name": "b", "op": "U", "seq": 2}
                {"id": null, "name": "c", "op": "I", "seq": 3}
                """);
        String files = """
                {"table": "%s", "format": "%s", "strategy": "apply_changes", %s,
                 "source": {"type": "files", "format": "json", "path": "%s/*.json", "schema": "%s"}}"""
                .formatted(table, EnumNames.of(format), LATEST, inbox, EVENTS);

        JsonNode failed = sluice.awaitEnd(sluice.submit(files));
        assertThat(failed.get("status").asString()).isEqualTo("FAILED");
        assertThat(failed.get("error").get("code").asString()).isEqualTo("INVALID_REQUEST");
        assertThat(failed.get("error").get("message").asString()).isEqualTo(
                "keys: 1 event(s) have a null in a key column [id]: apply_changes cannot tell which row they change; nothing was written");
        assertThat(rows(table)).containsExactly("1,a,1");
    }

    @Test
    void shouldRefuseNullKeysInTheBodyAndBadConditionsOnSubmit() {
        String table = SluiceClient.uniqueTable("cdc_refused");
        assertRefused(request(table, TableFormat.DELTA, LATEST, e(1, "a", "I", 1), "{\"id\": null, \"name\": \"b\", \"op\": \"I\", \"seq\": 2}"),
                "source.rows[1].id", "apply_changes needs every key: this event's 'id' is null");
        String base = "\"keys\": [\"id\"], \"sequenceBy\": \"seq\", ";
        assertRefused(request(table, TableFormat.DELTA, base + "\"deleteWhen\": \"rand() > 0.5\"", e(1, "a", "I", 1)), "deleteWhen",
                "function 'rand' is not deterministic: a replayed run must answer the same for the same row");
        assertRefused(request(table, TableFormat.DELTA, base + "\"deleteWhen\": \"kind = 'D'\"", e(1, "a", "I", 1)), "deleteWhen",
                "column 'kind' is not in the source; its columns are [id, name, op, seq]");
        assertRefused(request(table, TableFormat.DELTA, base + "\"deleteWhen\": \"length(op)\"", e(1, "a", "I", 1)), "deleteWhen", null);
        assertRefused(request(table, TableFormat.DELTA, "\"keys\": [\"id\"]", e(1, "a", "I", 1)), "sequenceBy",
                "apply_changes needs sequenceBy: the column (or columns) that order a key's events");
        assertRefused(request(table, TableFormat.DELTA, base + "\"exceptColumns\": [\"seq\"]", e(1, "a", "I", 1)), "exceptColumns",
                "without history the table keeps sequenceBy column 'seq': it is the sequence each row won with");
        assertRefused(request(table, TableFormat.DELTA, base + "\"validTo\": \"until\"", e(1, "a", "I", 1)), "history",
                "validFrom, validTo and current name history's columns: give history: true, or leave them out");
        assertRefused("""
                {"table": "%s", "strategy": "merge", "keys": ["id"], "deleteWhen": "op = 'D'",
                 "source": {"type": "inline", "schema": "%s", "rows": []}}""".formatted(table, EVENTS), "strategy",
                "[deleteWhen] are apply_changes options, not merge");
        assertThat(sluice.get("/api/v1/tables/" + table).getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void aDryRunShouldShowTheEventsPerKeyAndWhatTheyWouldChange() {
        String table = SluiceClient.uniqueTable("cdc_dry");
        ok(apply(table, TableFormat.DELTA, HISTORY, e(1, "a", "I", 1), e(2, "b", "I", 1)));
        ResponseEntity<JsonNode> plan = sluice.post("/api/v1/runs?dryRun=true", request(table, TableFormat.DELTA, HISTORY,
                e(1, "a2", "U", 2), e(1, "a3", "U", 3), e(2, null, "D", 2), e(3, "c", "I", 1)));

        assertThat(plan.getStatusCode().value()).as("%s", plan.getBody()).isEqualTo(200);
        assertThat(plan.getBody().get("problems")).isEmpty();
        assertThat(plan.getBody().get("changes").toString()).isEqualTo("{\"events\":4,\"deleteEvents\":1,\"keys\":3,\"mostEventsPerKey\":2,"
                + "\"rowsToInsert\":3,\"rowsToUpdate\":2,\"rowsToDelete\":0}");
        assertThat(rows(table)).containsExactly("1,a,1,1,null,true", "2,b,1,1,null,true");
    }

    private String apply(String table, TableFormat format, String options, String... events) {
        return sluice.submit(request(table, format, options, events));
    }

    static String request(String table, TableFormat format, String options, String... events) {
        return """
                {"table": "%s", "format": "%s", "strategy": "apply_changes", %s,
                 "source": {"type": "inline", "schema": "%s", "rows": [%s]}}"""
                .formatted(table, EnumNames.of(format), options, EVENTS, String.join(",", events));
    }

    static String e(long id, String name, String op, long seq) {
        return "{\"id\": %d, \"name\": %s, \"op\": \"%s\", \"seq\": %d}".formatted(id, name == null ? "null" : "\"" + name + "\"", op, seq);
    }

    private JsonNode ok(String runId) {
        JsonNode run = sluice.awaitEnd(runId);
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        return run;
    }

    private void assertRefused(String body, String field, String message) {
        ResponseEntity<JsonNode> response = sluice.post("/api/v1/runs", body);
        assertThat(response.getStatusCode().value()).as("%s", response.getBody()).isEqualTo(422);
        JsonNode error = response.getBody().get("errors").get(0);
        assertThat(error.get("field").asString()).as("%s", response.getBody()).isEqualTo(field);
        if (message != null) {
            assertThat(error.get("message").asString()).isEqualTo(message);
        }
    }

    private static void assertCounts(JsonNode run, long inserted, long updated, long deleted) {
        JsonNode metrics = run.get("metrics");
        assertThat(List.of(metrics.get("rowsInserted").asLong(), metrics.get("rowsUpdated").asLong(), metrics.get("rowsDeleted").asLong()))
                .as("inserted, updated, deleted: %s", metrics).containsExactly(inserted, updated, deleted);
    }

    /** A batch that changes nothing commits nothing: no new Delta version, no Parquet change. */
    private static void assertUnchanged(JsonNode run, TableFormat format) {
        assertThat(run.get("metrics").get("rowsOutput").asLong()).isZero();
        if (format == TableFormat.DELTA) {
            assertThat(run.get("tableVersionAfter").asLong()).isEqualTo(run.get("tableVersionBefore").asLong());
        }
    }

    /** The table's rows as comma-separated values in the table's column order, by id and then by every later column. */
    private List<String> rows(String table) {
        JsonNode preview = sluice.get("/api/v1/tables/" + table + "/preview?limit=1000").getBody();
        List<List<String>> rows = new ArrayList<>();
        preview.get("rows").forEach(row -> rows.add(row.valueStream().map(v -> v.isNull() ? "null" : v.asString()).toList()));
        Comparator<List<String>> byId = Comparator.comparing(row -> Long.parseLong(row.get(0)));
        rows.sort(byId.thenComparing(row -> row.size() > 3 ? Long.parseLong(row.get(3)) : 0L));
        return rows.stream().map(row -> String.join(",", row)).toList();
    }
}
