package io.sluice.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import io.sluice.SluiceProperties;
import io.sluice.web.EnumNames;
import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import io.sluice.table.TableFormat;
import tools.jackson.databind.JsonNode;

/** schemaPolicy: fail, add_columns, ignore, and safe widening, on Delta and Parquet tables. */
@SluiceIntegrationTest
class SchemaPolicyIntegrationTests {

    @Autowired
    SluiceClient sluice;

    @Autowired
    SluiceProperties properties;

    @ParameterizedTest
    @EnumSource(TableFormat.class)
    void addColumnsShouldAddNewSourceColumnsWithTheData(TableFormat format) {
        String table = table(format, "id BIGINT, name STRING", "{\"id\": 1, \"name\": \"a\"}");
        JsonNode run = ok(request(table, "merge", "\"keys\": [\"id\"], \"schemaPolicy\": \"add_columns\"",
                "id BIGINT, name STRING, email STRING", "{\"id\": 2, \"name\": \"b\", \"email\": \"b@example.com\"}"));

        if (format == TableFormat.DELTA) { // in the data's own commit
            assertThat(run.get("tableVersionAfter").asLong()).isEqualTo(run.get("tableVersionBefore").asLong() + 1);
        }
        assertThat(sluice.rows(table, "id")).containsExactly(row("id", 1, "name", "a", "email", null),
                row("id", 2, "name", "b", "email", "b@example.com"));
    }

    @ParameterizedTest
    @EnumSource(TableFormat.class)
    void addColumnsShouldWorkOnAPartitionedAppend(TableFormat format) {
        String table = SluiceClient.uniqueTable("schema_policy");
        ok(request(table, "append", "\"format\": \"" + EnumNames.of(format) + "\", \"partitionBy\": [\"day\"]", "id BIGINT, day DATE",
                "{\"id\": 1, \"day\": \"2024-08-01\"}"));
        ok(request(table, "append", "\"schemaPolicy\": \"add_columns\"", "day DATE, note STRING, id BIGINT",
                "{\"id\": 2, \"day\": \"2024-08-01\", \"note\": \"new\"}"));

        assertThat(sluice.rows(table, "id")).containsExactly(row("id", 1, "day", "2024-08-01", "note", null),
                row("id", 2, "day", "2024-08-01", "note", "new"));
    }

    @ParameterizedTest
    @EnumSource(TableFormat.class)
    void ignoreShouldDropExtraColumnsAndWriteMissingOnesAsNull(TableFormat format) {
        String table = table(format, "id BIGINT, name STRING", "{\"id\": 1, \"name\": \"a\"}");
        ok(request(table, "append", "\"schemaPolicy\": \"ignore\"", "id BIGINT, extra STRING", "{\"id\": 2, \"extra\": \"x\"}"));

        assertThat(sluice.rows(table, "id")).containsExactly(row("id", 1, "name", "a"), row("id", 2, "name", null));
        assertThat(sluice.table(table).get("columns")).hasSize(2);
    }

    @Test
    void failShouldListEveryDifference() {
        String table = table("id BIGINT, name STRING", "{\"id\": 1, \"name\": \"a\"}");
        ResponseEntity<JsonNode> response = sluice.post("/api/v1/runs",
                request(table, "append", "", "id BIGINT, extra STRING", "{\"id\": 2, \"extra\": \"x\"}"));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(response.getBody().get("errors")).hasSize(2);
        assertThat(response.getBody().get("detail").asString()).contains("'name'").contains("'extra'");
    }

    @ParameterizedTest
    @EnumSource(TableFormat.class)
    void aTypeThatCannotWidenSafelyShouldBeRefusedWhateverThePolicy(TableFormat format) {
        String table = table(format, "id BIGINT, amount INT", "{\"id\": 1, \"amount\": 1}");
        ResponseEntity<JsonNode> response = sluice.post("/api/v1/runs",
                request(table, "append", "\"schemaPolicy\": \"ignore\"", "id BIGINT, amount BIGINT", "{\"id\": 2, \"amount\": 5}"));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(response.getBody().get("detail").asString()).contains("'amount' is bigint in the source but int in the table");
    }

    @ParameterizedTest
    @EnumSource(TableFormat.class)
    void aTypeThatWidensSafelyShouldBeCast(TableFormat format) {
        String table = table(format, "id BIGINT, amount DOUBLE", "{\"id\": 1, \"amount\": 1.5}");
        ok(request(table, "append", "", "id INT, amount FLOAT", "{\"id\": 2, \"amount\": 2.5}"));
        assertThat(sluice.rows(table, "id")).containsExactly(row("id", 1, "amount", 1.5), row("id", 2, "amount", 2.5));
        assertThat(sluice.table(table).get("columns").get(0).get("type").asString()).isEqualTo("bigint");
    }

    @Test
    void aSourceReadAtRunTimeShouldFailTheRunListingTheDifferences() throws Exception {
        String table = table("id BIGINT, name STRING", "{\"id\": 1, \"name\": \"a\"}");
        Path csv = Files.createDirectories(properties.resolve("inbox").resolve(table)).resolve("extra.csv");
        Files.writeString(csv, "id,name,extra\n2,b,x\n");

        JsonNode run = sluice.submitAndAwait("""
                {"table": "%s", "strategy": "append",
                 "source": {"type": "files", "format": "csv", "path": "%s", "options": {"header": "true", "inferSchema": "true"}}}"""
                .formatted(table, csv));

        assertThat(run.get("status").asString()).isEqualTo("FAILED");
        assertThat(run.get("error").get("code").asString()).isEqualTo("SCHEMA_MISMATCH");
        assertThat(run.get("error").get("message").asString()).contains("'extra'");
        assertThat(sluice.rows(table, "id")).containsExactly(row("id", 1, "name", "a"));
    }

    private String table(String schema, String row) {
        return table(TableFormat.DELTA, schema, row);
    }

    private String table(TableFormat format, String schema, String row) {
        String table = SluiceClient.uniqueTable("schema_policy");
        ok(request(table, "append", "\"format\": \"" + EnumNames.of(format) + "\"", schema, row));
        return table;
    }

    private JsonNode ok(String request) {
        JsonNode run = sluice.submitAndAwait(request);
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        return run;
    }

    private static String request(String table, String strategy, String options, String schema, String row) {
        return """
                {"table": "%s", "strategy": "%s", %s "source": {"type": "inline", "schema": "%s", "rows": [%s]}}"""
                .formatted(table, strategy, options.isEmpty() ? "" : options + ",", schema, row);
    }

    private static Map<String, Object> row(Object... keysAndValues) {
        Map<String, Object> row = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            row.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return row;
    }
}
