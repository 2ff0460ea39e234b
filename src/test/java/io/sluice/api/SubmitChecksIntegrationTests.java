package io.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * Inline values, watermark initial values and schema names that Spark would not read as given: each is
 * refused on submit with a 422 naming the field, and nothing is queued, created or changed.
 */
@SluiceIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubmitChecksIntegrationTests {

    static final String EXISTING = "it.submit_checks_" + UUID.randomUUID().toString().substring(0, 8);
    static final String NEW = "it.submit_checks_new_" + UUID.randomUUID().toString().substring(0, 8);

    @Autowired
    SluiceClient sluice;
    @Autowired
    SparkSession spark;
    @Value("${sluice.data-dir}")
    String dataDir;
    long version;

    @BeforeAll
    void existingTable() {
        sluice.awaitReady();
        JsonNode run = sluice.submitAndAwait(inline(EXISTING, "id BIGINT, ts TIMESTAMP", "{\"id\": 1, \"ts\": \"2024-08-01T10:00:00Z\"}"));
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        version = sluice.table(EXISTING).get("version").asLong();
    }

    static String inline(String table, String schema, String... rows) {
        return inlineWith(table, "", schema, rows);
    }

    static String inlineWith(String table, String extra, String schema, String... rows) {
        return """
                {"table": "%s", "strategy": "append", %s "source": {"type": "inline", "schema": "%s", "rows": [%s]}}"""
                .formatted(table, extra, schema, String.join(", ", rows));
    }

    static Arguments refused(String name, String body, String field, String message) {
        return Arguments.of(name, body, field, message);
    }

    static Stream<Arguments> corpus() {
        return Stream.of(
                refused("BIGINT beyond its range", inline(NEW, "id BIGINT", "{\"id\": 1}", "{\"id\": 9223372036854775808}"),
                        "source.rows[1].id", "9223372036854775808 is out of range for BIGINT"),
                // 1e400 reads as a BigDecimal or an infinite Double depending on the request mapper: the field is what counts
                refused("BIGINT 1e400", inline(NEW, "id BIGINT", "{\"id\": 1e400}"), "source.rows[0].id", null),
                refused("INT beyond its range", inline(NEW, "n INT", "{\"n\": 2147483648}"), "source.rows[0].n",
                        "2147483648 is out of range for INT"),
                refused("a fraction for a BIGINT", inline(NEW, "id BIGINT", "{\"id\": 1.5}"), "source.rows[0].id",
                        "1.5 has a decimal point or exponent: BIGINT takes whole numbers such as 42"),
                refused("DOUBLE 1e400", inline(NEW, "x DOUBLE", "{\"x\": 1e400}"), "source.rows[0].x", null),
                refused("February 30th", inline(NEW, "id BIGINT, day DATE", "{\"id\": 1, \"day\": \"2024-02-30\"}"), "source.rows[0].day",
                        "'2024-02-30' is not a DATE: expected a date as yyyy-MM-dd, such as 2024-08-01"),
                refused("a date with quotes", inline(NEW, "day DATE", "{\"day\": \"2024-01-01' OR '1'='1\"}"), "source.rows[0].day",
                        "'2024-01-01' OR '1'='1' is not a DATE: expected a date as yyyy-MM-dd, such as 2024-08-01"),
                refused("a special datetime word", inline(NEW, "ts TIMESTAMP", "{\"ts\": \"now\"}"), "source.rows[0].ts",
                        "'now' is not a TIMESTAMP: expected a timestamp such as 2024-08-01T10:00:00Z, or 2024-08-01 10:00:00 in the session"
                                + " time zone"),
                refused("DECIMAL(5,2) beyond its digits", inline(NEW, "amount DECIMAL(5,2)", "{\"amount\": 123456.789}"),
                        "source.rows[0].amount", "123456.789 is out of range for DECIMAL(5,2): at most 3 digits before the decimal point"),
                refused("a nested value", inline(NEW, "s STRUCT<a: INT, tags: ARRAY<DATE>>", "{\"s\": {\"a\": 1, \"tags\": [\"2024-13-01\"]}}"),
                        "source.rows[0].s.tags[0]", "'2024-13-01' is not a DATE: expected a date as yyyy-MM-dd, such as 2024-08-01"),
                refused("a struct field name with ;", inline(NEW, "s STRUCT<`a; DROP TABLE x`: INT>", "{\"s\": {}}"), "source.schema",
                        "'a; DROP TABLE x' is not a valid column name: use letters, digits and underscores, starting with a letter or"
                                + " underscore (at most 128)"),
                refused("an initial that is no date", inlineWith(NEW, "\"watermark\": {\"column\": \"day\", \"initial\": \"yesterday\"},",
                        "day DATE", "{\"day\": \"2024-08-01\"}"), "watermark.initial",
                        "'yesterday' is not a DATE: expected a date as yyyy-MM-dd, such as 2024-08-01"),
                refused("an initial beyond BIGINT", inlineWith(NEW, "\"watermark\": {\"column\": \"id\", \"initial\": \"1; DROP TABLE x\"},",
                        "id BIGINT", "{\"id\": 1}"), "watermark.initial",
                        "'1; DROP TABLE x' is not a BIGINT: expected a whole number from -9223372036854775808 to 9223372036854775807"),
                // no declared schema: the initial is checked against the existing table's column
                refused("an initial against the table's type", """
                        {"table": "%s", "strategy": "append", "watermark": {"column": "ts", "initial": "epoch"},
                         "source": {"type": "files", "format": "json", "path": "{inbox}/submit-checks/*.json"}}""".formatted(EXISTING),
                        "watermark.initial", "'epoch' is not a TIMESTAMP: expected a timestamp such as 2024-08-01T10:00:00Z, or"
                                + " 2024-08-01 10:00:00 in the session time zone"),
                refused("a bad value for an existing table", inline(EXISTING, "id BIGINT, ts TIMESTAMP", "{\"id\": 2, \"ts\": \"2024-08-01 24:61\"}"),
                        "source.rows[0].ts", "'2024-08-01 24:61' is not a TIMESTAMP: expected a timestamp such as 2024-08-01T10:00:00Z, or"
                                + " 2024-08-01 10:00:00 in the session time zone"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void shouldBeRefusedOnSubmitNamingTheFieldWithNothingQueued(String name, String body, String field, String message) {
        ResponseEntity<JsonNode> response = sluice.post("/api/v1/runs", body.replace("{inbox}", dataDir + "/inbox"));

        assertThat(response.getStatusCode().value()).as("%s", response.getBody()).isEqualTo(422);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = response.getBody();
        assertThat(problem.get("type").asString()).isEqualTo("urn:sluice:problem:invalid-request");
        assertThat(problem.get("errors")).hasSize(1);
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo(field);
        if (message != null) {
            assertThat(problem.get("errors").get(0).get("message").asString()).isEqualTo(message);
        }
        assertThat(problem.toString()).doesNotContain("Exception", "java.", "scala.");
        assertThat(sluice.table(EXISTING).get("version").asLong()).as("the existing table is unchanged").isEqualTo(version);
        assertThat(sluice.get("/api/v1/tables/" + NEW).getStatusCode()).as("no table was created").isEqualTo(HttpStatus.NOT_FOUND);
        for (String table : List.of(EXISTING, NEW)) {
            JsonNode runs = sluice.get("/api/v1/runs?table=" + table + "&size=500").getBody();
            assertThat(runs.get("items").valueStream().map(run -> run.get("status").asString()))
                    .as("no run of %s is queued or running", table).doesNotContain("QUEUED", "RUNNING");
        }
        assertThat(sluice.get("/api/v1/runs?table=" + NEW).getBody().get("total").asLong()).as("no run recorded").isZero();
        assertThat(sluice.get("/actuator/health/readiness").getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    /** The stricter checks still take the values Spark reads exactly, and the table holds exactly them. */
    @Test
    void validValuesShouldLoadAndReadBackExactly() {
        String table = SluiceClient.uniqueTable("submit_ok");
        JsonNode run = sluice.submitAndAwait(inline(table, "id BIGINT, amount DECIMAL(38,18), price DECIMAL(5,1), day DATE, ts TIMESTAMP",
                // a string carries a DECIMAL(38,18) exactly whatever the request's number parsing; 2.50 needs no rounding to scale 1
                "{\"id\": 1, \"amount\": \"12345678901234567890.123456789012345678\", \"price\": 2.50, \"day\": \"2024-02-29\","
                        + " \"ts\": \"2024-08-01T10:00:00.123456+02:00\"}",
                "{\"id\": 2, \"amount\": -0.000000000000000001, \"price\": 9999.9, \"day\": \"2024-8-1\", \"ts\": 1722506400}"));
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");

        List<Row> rows = spark.table(table).orderBy("id").collectAsList();
        assertThat(rows).hasSize(2);
        assertThat((BigDecimal) rows.get(0).getAs("amount")).isEqualTo(new BigDecimal("12345678901234567890.123456789012345678"));
        assertThat((BigDecimal) rows.get(0).getAs("price")).isEqualTo(new BigDecimal("2.5"));
        assertThat(((Date) rows.get(0).getAs("day")).toLocalDate()).hasToString("2024-02-29");
        assertThat(((Timestamp) rows.get(0).getAs("ts")).toInstant()).isEqualTo(Instant.parse("2024-08-01T08:00:00.123456Z"));
        assertThat((BigDecimal) rows.get(1).getAs("amount")).isEqualTo(new BigDecimal("-0.000000000000000001"));
        assertThat((BigDecimal) rows.get(1).getAs("price")).isEqualTo(new BigDecimal("9999.9"));
        assertThat(((Date) rows.get(1).getAs("day")).toLocalDate()).hasToString("2024-08-01");
        assertThat(((Timestamp) rows.get(1).getAs("ts")).toInstant()).isEqualTo(Instant.parse("2024-08-01T10:00:00Z"));
    }
}
