package io.sluice.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import io.sluice.web.EnumNames;
import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import io.sluice.table.TableFormat;
import tools.jackson.databind.JsonNode;

/** POST /api/v1/runs?dryRun=true reports the plan and commits nothing. */
@SluiceIntegrationTest
class DryRunIntegrationTests {

    static final String EVENTS = "id BIGINT, name STRING, event_date DATE";

    @Autowired
    SluiceClient sluice;

    @Test
    void shouldShowTheMergeConditionWithItsPartitionPredicatesAndCommitNothing() {
        String table = seeded();
        ResponseEntity<JsonNode> response = sluice.post("/api/v1/runs?dryRun=true", request(table, "merge", "\"keys\": [\"id\"]", EVENTS,
                "{\"id\": 2, \"name\": \"B\", \"event_date\": \"2024-08-02\"}"));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode plan = response.getBody();
        assertThat(plan.get("tableExists").asBoolean()).isTrue();
        assertThat(plan.get("rowsIn").asLong()).isEqualTo(1);
        assertThat(plan.get("mergeCondition").asString()).contains("t.id").contains("event_date").contains("2024-08-02");
        assertThat(plan.get("partitionsReplaced").isNull()).as("a merge replaces no partitions").isTrue();
        assertThat(plan.get("problems")).isEmpty();
        assertUnchanged(table);
    }

    @ParameterizedTest
    @EnumSource(TableFormat.class)
    void shouldListThePartitionsADropPartitionWouldReplace(TableFormat format) {
        String table = seeded(format);
        JsonNode plan = sluice.post("/api/v1/runs?dryRun=true", request(table, "drop_partition", "", EVENTS,
                "{\"id\": 9, \"name\": \"x\", \"event_date\": \"2024-08-01\"}")).getBody();

        assertThat(plan.get("partitionsReplaced")).hasSize(1);
        assertThat(plan.get("partitionsReplaced").get(0).get("event_date").asString()).isEqualTo("2024-08-01");
        assertUnchanged(table);
    }

    @Test
    void shouldReportDuplicateKeysAndSchemaDifferencesInsteadOfRefusing() {
        String table = seeded();
        ResponseEntity<JsonNode> response = sluice.post("/api/v1/runs?dryRun=true", request(table, "merge", "\"keys\": [\"id\"]",
                "id BIGINT, name STRING, event_date DATE, extra STRING",
                "{\"id\": 5, \"name\": \"a\", \"event_date\": \"2024-08-01\", \"extra\": \"x\"}",
                "{\"id\": 5, \"name\": \"b\", \"event_date\": \"2024-08-01\", \"extra\": \"y\"}"));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode plan = response.getBody();
        assertThat(plan.get("duplicateKeys").asLong()).isEqualTo(1);
        assertThat(plan.get("schemaDifferences").get(0).asString()).contains("'extra'");
        assertThat(plan.get("problems")).hasSize(2);
        assertUnchanged(table);
    }

    private String seeded() {
        return seeded(TableFormat.DELTA);
    }

    private String seeded(TableFormat format) {
        String table = SluiceClient.uniqueTable("dry");
        JsonNode run = sluice.submitAndAwait(request(table, "append",
                "\"format\": \"" + EnumNames.of(format) + "\", \"partitionBy\": [\"event_date\"]", EVENTS,
                "{\"id\": 1, \"name\": \"a\", \"event_date\": \"2024-08-01\"}", "{\"id\": 2, \"name\": \"b\", \"event_date\": \"2024-08-02\"}"));
        assertThat(run.get("status").asString()).isEqualTo("SUCCEEDED");
        return table;
    }

    private void assertUnchanged(String table) {
        JsonNode described = sluice.table(table);
        if (described.get("format").asString().equals("delta")) {
            assertThat(described.get("version").asLong()).isZero();
        }
        assertThat(described.get("rowCount").asLong()).isEqualTo(2);
        assertThat(sluice.rows(table, "id")).extracting(row -> row.get("name")).containsExactly("a", "b");
        assertThat(sluice.get("/api/v1/runs?table=" + table).getBody().get("total").asLong()).as("no run recorded").isEqualTo(1);
    }

    private static String request(String table, String strategy, String options, String schema, String... rows) {
        return """
                {"table": "%s", "strategy": "%s", %s "source": {"type": "inline", "schema": "%s", "rows": [%s]}}"""
                .formatted(table, strategy, options.isEmpty() ? "" : options + ",", schema, String.join(",", rows));
    }
}
