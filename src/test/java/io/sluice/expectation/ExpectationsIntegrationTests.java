package io.sluice.expectation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import io.sluice.table.TableFormat;
import io.sluice.web.EnumNames;
import tools.jackson.databind.JsonNode;

/**
 * Expectations over HTTP, on both formats: each action's rows where they belong (exact table and quarantine contents), a fail
 * rule that commits nothing and says why, rules refused on submit with nothing recorded, a table's own rules, malformed
 * csv and json records quarantined, and the dry run's counts.
 */
@SluiceIntegrationTest
class ExpectationsIntegrationTests {

    static final String SCHEMA = "id BIGINT, amount BIGINT, email STRING";
    static final String ROWS = """
            {"id": 1, "amount": 10, "email": "a@x"}, {"id": 2, "amount": -5, "email": "b@x"}, {"id": 3, "amount": 7, "email": null},
            {"id": 4, "amount": -1, "email": null}, {"id": 5, "amount": 1000, "email": "c@x"}""";
    static final String RULES = """
            [{"name": "positive_amount", "rule": "amount >= 0", "action": "quarantine"},
             {"name": "has_email", "rule": "email IS NOT NULL", "action": "drop"},
             {"name": "small_amount", "rule": "amount < 100", "action": "warn"}]""";

    @Autowired
    SluiceClient sluice;

    @Value("${sluice.data-dir}")
    Path dataDir;

    static String request(String table, TableFormat format, String rules, String rows) {
        return """
                {"table": "%s", "format": "%s", "strategy": "append", "expectations": %s,
                 "source": {"type": "inline", "schema": "%s", "rows": [%s]}}""".formatted(table, EnumNames.of(format), rules, SCHEMA, rows);
    }

    static Map<String, Object> row(Object... pairs) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            row.put((String) pairs[i], pairs[i + 1]);
        }
        return row;
    }

    /** The quarantine table's rows, without {@code _ingested_at} (checked present), sorted by {@code orderBy}. */
    List<Map<String, Object>> quarantined(String table, String orderBy) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> row : sluice.rows(table + "__quarantine", orderBy)) {
            assertThat(row.remove("_ingested_at")).as("_ingested_at").isNotNull();
            rows.add(row);
        }
        return rows;
    }

    @ParameterizedTest
    @EnumSource(TableFormat.class)
    void eachActionShouldCountItsRowsAndSendThemWhereItSays(TableFormat format) {
        String table = SluiceClient.uniqueTable("expect");
        JsonNode run = sluice.submitAndAwait(request(table, format, RULES, ROWS));

        assertThat(run.get("status").asString()).as("%s", run).isEqualTo("SUCCEEDED");
        String id = run.get("id").asString();
        assertThat(sluice.rows(table, "id")).containsExactly(row("id", 1, "amount", 10, "email", "a@x"),
                row("id", 5, "amount", 1000, "email", "c@x"));
        // row 4 fails both positive_amount and has_email: quarantine wins over drop, and it is quarantined once
        assertThat(quarantined(table, "id")).containsExactly(
                row("_run_id", id, "_rule", "positive_amount", "_raw", null, "id", 2, "amount", -5, "email", "b@x"),
                row("_run_id", id, "_rule", "positive_amount", "_raw", null, "id", 4, "amount", -1, "email", null));
        assertThat(run.get("metrics").get("rowsInserted").asLong()).isEqualTo(2);
        JsonNode report = run.get("expectations");
        assertThat(report.get("quarantineTable").asString()).isEqualTo(table + "__quarantine");
        assertThat(report.get("rowsDropped").asLong()).isEqualTo(1);
        assertThat(report.get("rowsQuarantined").asLong()).isEqualTo(2);
        assertThat(report.get("rules").toString()).isEqualTo("[{\"name\":\"positive_amount\",\"action\":\"quarantine\",\"failed\":2},"
                + "{\"name\":\"has_email\",\"action\":\"drop\",\"failed\":2},{\"name\":\"small_amount\",\"action\":\"warn\",\"failed\":1}]");
        assertThat(sluice.getText("/actuator/prometheus")).contains("sluice_expectation_failures_total{action=\"drop\",rule=\"has_email\","
                + "table=\"" + table + "\"} 2.0");

        // a second run adds its own partition of the quarantine, and leaves the first's as it was
        JsonNode second = sluice.submitAndAwait(request(table, format, RULES, "{\"id\": 6, \"amount\": -6, \"email\": \"d@x\"}"));
        assertThat(second.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(quarantined(table, "id")).extracting(r -> r.get("id") + ":" + r.get("_run_id"))
                .containsExactly("2:" + id, "4:" + id, "6:" + second.get("id").asString());
    }

    @ParameterizedTest
    @EnumSource(TableFormat.class)
    void aFailRuleShouldFailTheRunWithItsCountsAndASampleAndCommitNothing(TableFormat format) {
        String table = SluiceClient.uniqueTable("expect_fail");
        sluice.submitAndAwait(request(table, format, "[]", "{\"id\": 1, \"amount\": 10, \"email\": \"a@x\"}"));
        JsonNode run = sluice.submitAndAwait(request(table, format, """
                [{"name": "positive_amount", "rule": "amount >= 0", "action": "fail"},
                 {"name": "has_email", "rule": "email IS NOT NULL", "action": "quarantine"}]""", ROWS));

        assertThat(run.get("status").asString()).isEqualTo("FAILED");
        assertThat(run.get("error").get("code").asString()).isEqualTo("EXPECTATION_FAILED");
        assertThat(run.get("error").get("message").asString()).isEqualTo("expectation(s) 'positive_amount' (2 of 5 rows) failed; nothing "
                + "was committed. Counts: positive_amount fail 2, has_email quarantine 2. Sample of failing rows: "
                + "[{\"id\":2,\"amount\":-5,\"email\":\"b@x\"}, {\"id\":4,\"amount\":-1,\"email\":null}]");
        assertThat(run.get("expectations").get("rules").get(0).get("failed").asLong()).isEqualTo(2);
        assertThat(sluice.rows(table, "id")).containsExactly(row("id", 1, "amount", 10, "email", "a@x"));
        assertThat(sluice.get("/api/v1/tables/" + table + "__quarantine").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void aRuleOnAnUnknownColumnANonDeterministicFunctionOrASubqueryShouldBeRefusedAndNothingRecorded() {
        String table = SluiceClient.uniqueTable("expect_bad");
        for (String[] refused : List.of(
                new String[] { "price > 0", "expectation 'r': column 'price' is not in the source; its columns are [amount, email, id]" },
                new String[] { "rand() < 0.5", "expectation 'r': function 'rand' is not deterministic: a replayed run must answer the same for the same row" },
                new String[] { "amount > (SELECT 1)", "expectation 'r': a subquery is not allowed: a condition sees one source row" },
                new String[] { "amount + 1", "expectation 'r' is bigint, not a boolean: say what a good row satisfies" })) {
            ResponseEntity<JsonNode> response = sluice.post("/api/v1/runs", request(table, TableFormat.DELTA,
                    "[{\"name\": \"r\", \"rule\": \"%s\", \"action\": \"drop\"}]".formatted(refused[0]), ROWS));
            assertThat(response.getStatusCode()).as(refused[0]).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
            assertThat(response.getBody().get("errors").get(0).get("field").asString()).isEqualTo("expectations[0].rule");
            assertThat(response.getBody().get("errors").get(0).get("message").asString()).isEqualTo(refused[1]);
        }
        assertThat(sluice.get("/api/v1/runs?table=" + table).getBody().get("total").asLong()).isZero();
    }

    @ParameterizedTest
    @EnumSource(TableFormat.class)
    void aTablesOwnRulesShouldApplyToEveryRunWithARunsRuleOfTheSameNameInstead(TableFormat format) {
        String table = SluiceClient.uniqueTable("expect_table");
        String q = table.replace("it.", "it.q_");
        ResponseEntity<JsonNode> put = sluice.put("/api/v1/tables/" + table + "/expectations", """
                {"expectations": [{"name": "positive_amount", "rule": "amount >= 0", "action": "drop"},
                                  {"name": "has_email", "rule": "email IS NOT NULL", "action": "quarantine"}],
                 "quarantineTable": "%s"}""".formatted(q));
        assertThat(put.getStatusCode()).as("%s", put.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(sluice.get("/api/v1/tables/" + table + "/expectations").getBody().get("quarantineTable").asString()).isEqualTo(q);

        JsonNode run = sluice.submitAndAwait(request(table, format, "[{\"name\": \"has_email\", \"rule\": \"email IS NOT NULL\", \"action\": \"warn\"}]",
                ROWS));
        assertThat(run.get("status").asString()).as("%s", run).isEqualTo("SUCCEEDED");
        assertThat(sluice.rows(table, "id")).extracting(r -> r.get("id")).containsExactly(1, 3, 5);
        assertThat(run.get("expectations").get("rules").toString()).isEqualTo("[{\"name\":\"positive_amount\",\"action\":\"drop\","
                + "\"failed\":2},{\"name\":\"has_email\",\"action\":\"warn\",\"failed\":2}]");

        ResponseEntity<JsonNode> refused = sluice.put("/api/v1/tables/" + table + "/expectations",
                "{\"expectations\": [{\"name\": \"r\", \"rule\": \"price > 0\", \"action\": \"drop\"}]}");
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(sluice.delete("/api/v1/tables/" + table + "/expectations").getBody().get("expectations").size()).isZero();
        assertThat(sluice.get("/api/v1/tables/" + table + "/expectations").getBody().get("expectations").size()).isZero();
    }

    @ParameterizedTest
    @EnumSource(TableFormat.class)
    void badRecordsQuarantineShouldLoadTheGoodRowsAndQuarantineTheMalformedOnesText(TableFormat format) throws Exception {
        Path inbox = Files.createDirectories(dataDir.toAbsolutePath().normalize().toRealPath().resolve("inbox")
                .resolve("bad_" + UUID.randomUUID().toString().substring(0, 8)));
        Files.writeString(inbox.resolve("orders.csv"), "id,amount\n1,10\n2,abc\n3,30\n");
        Files.writeString(inbox.resolve("orders.json"), "{\"id\": 1, \"amount\": 10}\n{\"id\": 2, \"amount\n{\"id\": 3, \"amount\": 30}\n");
        for (String kind : List.of("csv", "json")) {
            String table = SluiceClient.uniqueTable("bad_" + kind);
            JsonNode run = sluice.submitAndAwait("""
                    {"table": "%s", "format": "%s", "strategy": "append",
                     "source": {"type": "files", "format": "%s", "path": "%s", "schema": "id BIGINT, amount BIGINT",
                                "options": %s, "badRecords": "quarantine"}}""".formatted(table, EnumNames.of(format), kind,
                    inbox.resolve("orders." + kind), kind.equals("csv") ? "{\"header\": \"true\"}" : "{}"));
            assertThat(run.get("status").asString()).as("%s", run).isEqualTo("SUCCEEDED");
            assertThat(sluice.rows(table, "id")).containsExactly(row("id", 1, "amount", 10), row("id", 3, "amount", 30));
            assertThat(quarantined(table, "_rule")).containsExactly(row("_run_id", run.get("id").asString(), "_rule", "_malformed",
                    "_raw", kind.equals("csv") ? "2,abc" : "{\"id\": 2, \"amount", "id", null, "amount", null));
            assertThat(run.get("expectations").get("rowsMalformed").asLong()).isEqualTo(1);
            assertThat(run.get("expectations").get("rowsQuarantined").asLong()).isEqualTo(1);
        }
    }

    @Test
    void aDryRunShouldShowWhichRulesWouldFireAndOnHowManyRows() {
        String table = SluiceClient.uniqueTable("expect_dry");
        ResponseEntity<JsonNode> preview = sluice.post("/api/v1/runs?dryRun=true", request(table, TableFormat.DELTA, """
                [{"name": "positive_amount", "rule": "amount >= 0", "action": "fail"},
                 {"name": "has_email", "rule": "email IS NOT NULL", "action": "drop"}]""", ROWS));
        assertThat(preview.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(preview.getBody().get("expectations").get("rules").toString()).isEqualTo("[{\"name\":\"positive_amount\","
                + "\"action\":\"fail\",\"failed\":2},{\"name\":\"has_email\",\"action\":\"drop\",\"failed\":2}]");
        assertThat(preview.getBody().get("problems").toString()).isEqualTo("[\"expectation 'positive_amount' (fail) fails for 2 row(s)\"]");
        assertThat(sluice.get("/api/v1/tables/" + table).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }
}
