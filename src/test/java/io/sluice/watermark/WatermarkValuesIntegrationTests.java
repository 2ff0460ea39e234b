package io.sluice.watermark;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * A watermark's value is one of its column's type, stored in one canonical form whether an operator
 * PUTs it or a run advances it; the column must exist in an existing table and does not change silently.
 */
@SluiceIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WatermarkValuesIntegrationTests {

    static final String TABLE = "it.wm_values_" + UUID.randomUUID().toString().substring(0, 8);
    static final String SCHEMA = "id BIGINT, day DATE, ts TIMESTAMP, amount DECIMAL(10,2), code STRING";

    @Autowired
    SluiceClient sluice;
    @Autowired
    SparkSession spark;
    @Autowired
    JdbcClient jdbc;

    @BeforeAll
    void table() {
        ok(sluice.submit(append(TABLE, "", row(1, "2024-08-01", "2024-08-01T10:00:00Z", "1.50", "a"))));
    }

    static String row(long id, String day, String ts, String amount, String code) {
        return "{\"id\": %d, \"day\": \"%s\", \"ts\": \"%s\", \"amount\": %s, \"code\": \"%s\"}".formatted(id, day, ts, amount, code);
    }

    static String append(String table, String extra, String... rows) {
        return """
                {"table": "%s", "strategy": "append", %s "source": {"type": "inline", "schema": "%s", "rows": [%s]}}"""
                .formatted(table, extra, SCHEMA, String.join(", ", rows));
    }

    static Arguments refused(String name, String table, String body, int status, String type, String field, String detail) {
        return Arguments.of(name, table, body, status, type, field, detail);
    }

    static Stream<Arguments> refusals() {
        String timestamp = "is not a TIMESTAMP: expected a timestamp such as 2024-08-01T10:00:00Z, or 2024-08-01 10:00:00 in the session time zone";
        return Stream.of(
                refused("not a date", TABLE, "{\"column\": \"day\", \"value\": \"not-a-date\"}", 422, "invalid-request", "value",
                        "'not-a-date' is not a DATE: expected a date as yyyy-MM-dd, such as 2024-08-01"),
                refused("a special datetime word", TABLE, "{\"column\": \"ts\", \"value\": \"yesterday\"}", 422, "invalid-request", "value",
                        "'yesterday' " + timestamp),
                refused("SQL for a timestamp", TABLE, "{\"column\": \"ts\", \"value\": \"1; DROP TABLE x\"}", 422, "invalid-request", "value",
                        "'1; DROP TABLE x' " + timestamp),
                refused("SQL for a number", TABLE, "{\"column\": \"id\", \"value\": \"1; DROP TABLE x\"}", 422, "invalid-request", "value",
                        "'1; DROP TABLE x' is not a BIGINT: expected a whole number from -9223372036854775808 to 9223372036854775807"),
                refused("a decimal that needs rounding", TABLE, "{\"column\": \"amount\", \"value\": \"1.005\"}", 422, "invalid-request", "value",
                        "1.005 needs rounding to fit DECIMAL(10,2): at most 2 digits after the decimal point"),
                refused("a column the table lacks", TABLE, "{\"column\": \"nope\", \"value\": \"1\"}", 422, "invalid-request", "column",
                        "table " + TABLE + " has no column 'nope'"),
                refused("a table that does not exist", "it.wm_values_none", "{\"column\": \"id\", \"value\": \"1\"}", 404, "table-not-found",
                        null, "no table it.wm_values_none in the catalog"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void aPutShouldBeRefusedAndStoreNothing(String name, String table, String body, int status, String type, String field, String detail) {
        ResponseEntity<JsonNode> response = sluice.put("/api/v1/tables/" + table + "/watermarks/refused", body);

        assertThat(response.getStatusCode().value()).as("%s", response.getBody()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getBody().get("type").asString()).isEqualTo("urn:sluice:problem:" + type);
        if (field != null) {
            assertThat(response.getBody().get("errors").get(0).get("field").asString()).isEqualTo(field);
            assertThat(response.getBody().get("errors").get(0).get("message").asString()).isEqualTo(detail);
        } else {
            assertThat(response.getBody().get("detail").asString()).isEqualTo(detail);
        }
        assertThat(sluice.get("/api/v1/tables/" + TABLE + "/watermarks/refused").getStatusCode().value()).isEqualTo(404);
    }

    static Stream<Arguments> canonicalForms() {
        return Stream.of(Arguments.of("ts", "2024-08-02T12:00:00+02:00", "2024-08-02T10:00:00Z"),
                Arguments.of("ts", "2024-08-02T10:00:00.250Z", "2024-08-02T10:00:00.250Z"),
                Arguments.of("day", "2024-8-1", "2024-08-01"), Arguments.of("amount", "12.5", "12.50"), Arguments.of("id", " +7", "7"),
                Arguments.of("code", "x' OR '1'='1", "x' OR '1'='1"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("canonicalForms")
    void aPutShouldStoreTheCanonicalFormAndGetShouldAnswerIt(String column, String value, String stored) {
        String name = "put_" + column;
        JsonNode set = sluice.put("/api/v1/tables/" + TABLE + "/watermarks/" + name,
                "{\"column\": \"%s\", \"value\": \"%s\"}".formatted(column, value.replace("\"", "\\\""))).getBody();
        assertThat(set.get("value").asString()).isEqualTo(stored);

        ResponseEntity<JsonNode> got = sluice.get("/api/v1/tables/" + TABLE + "/watermarks/" + name);
        assertThat(got.getStatusCode().value()).isEqualTo(200);
        assertThat(got.getBody().get("name").asString()).isEqualTo(name);
        assertThat(got.getBody().get("column").asString()).isEqualTo(column);
        assertThat(got.getBody().get("value").asString()).isEqualTo(stored);
        assertThat(got.getBody().get("runId").isNull()).isTrue();
    }

    @Test
    void localTextShouldBeReadInTheSessionTimeZone() {
        ZoneId zone = ZoneId.of(spark.sessionState().conf().sessionLocalTimeZone());
        JsonNode set = sluice.put("/api/v1/tables/" + TABLE + "/watermarks/local", "{\"column\": \"ts\", \"value\": \"2024-08-02 10:00:00\"}")
                .getBody();
        assertThat(set.get("value").asString()).isEqualTo(LocalDateTime.parse("2024-08-02T10:00:00").atZone(zone).toInstant().toString());
    }

    @Test
    void getShouldAnswer404ForAWatermarkThatIsNotThere() {
        ResponseEntity<JsonNode> response = sluice.get("/api/v1/tables/" + TABLE + "/watermarks/never_set");
        assertThat(response.getStatusCode().value()).isEqualTo(404);
        assertThat(response.getBody().get("type").asString()).isEqualTo("urn:sluice:problem:watermark-not-found");
        assertThat(response.getBody().get("detail").asString()).isEqualTo("table " + TABLE + " has no watermark 'never_set'");
    }

    /** A value of one column means nothing for another: moving a watermark is a DELETE and a new start. */
    @Test
    void switchingTheColumnOfAWatermarkShouldBeRefused() {
        assertThat(sluice.put("/api/v1/tables/" + TABLE + "/watermarks/moving", "{\"column\": \"id\", \"value\": \"5\"}")
                .getStatusCode().value()).isEqualTo(200);
        assertThat(sluice.put("/api/v1/tables/" + TABLE + "/watermarks/moving", "{\"column\": \"ID\", \"value\": \"6\"}").getBody()
                .get("value").asString()).as("the same column in other case").isEqualTo("6");

        ResponseEntity<JsonNode> put = sluice.put("/api/v1/tables/" + TABLE + "/watermarks/moving", "{\"column\": \"day\", \"value\": \"2024-08-01\"}");
        assertThat(put.getStatusCode().value()).isEqualTo(409);
        assertThat(put.getBody().get("type").asString()).isEqualTo("urn:sluice:problem:conflict");
        assertThat(put.getBody().get("detail").asString()).isEqualTo("watermark 'moving' of table " + TABLE
                + " is on column 'id', not 'day': DELETE it first to start one on 'day'");

        ResponseEntity<JsonNode> run = sluice.post("/api/v1/runs", append(TABLE, "\"watermark\": {\"column\": \"day\", \"name\": \"moving\"},",
                row(9, "2024-09-01", "2024-09-01T00:00:00Z", "1", "z")));
        assertThat(run.getStatusCode().value()).as("%s", run.getBody()).isEqualTo(409);
        assertThat(run.getBody().get("detail").asString()).isEqualTo("watermark 'moving' of table " + TABLE
                + " is on column 'id', not 'day': DELETE it first to start one on 'day', or give this one another name");
        assertThat(sluice.get("/api/v1/tables/" + TABLE + "/watermarks/moving").getBody().get("value").asString()).isEqualTo("6");
    }

    /**
     * A run stores the greatest value it loaded in the same form as a PUT (a UTC instant, not Spark's text in
     * the session time zone), and the next run reads it back: rows at it are not loaded again, later ones are.
     * A value stored in the older form still reads as it did.
     */
    @Test
    void aRunsAdvanceShouldStoreTheCanonicalFormAndTheNextRunShouldReadIt() {
        String table = SluiceClient.uniqueTable("wm_advance");
        String watermarks = "\"watermark\": {\"column\": \"ts\"},";
        JsonNode first = ok(sluice.submit(append(table, watermarks, row(1, "2024-08-01", "2024-08-02T12:00:00+02:00", "1.50", "a"),
                row(2, "2024-08-01", "2024-08-02T09:00:00Z", "2.00", "b"))));
        assertThat(first.get("watermark").get("after").asString()).isEqualTo("2024-08-02T10:00:00Z");
        assertThat(sluice.get("/api/v1/tables/" + table + "/watermarks/ts").getBody().get("value").asString()).isEqualTo("2024-08-02T10:00:00Z");

        JsonNode second = ok(sluice.submit(append(table, watermarks, row(1, "2024-08-01", "2024-08-02T10:00:00Z", "1.50", "a"),
                row(3, "2024-08-01", "2024-08-02T10:00:00.000001Z", "3.00", "c"))));
        assertThat(second.get("metrics").get("rowsInserted").asLong()).as("only the row beyond the watermark").isEqualTo(1);
        assertThat(second.get("watermark").get("before").asString()).isEqualTo("2024-08-02T10:00:00Z");
        assertThat(second.get("watermark").get("after").asString()).isEqualTo("2024-08-02T10:00:00.000001Z");

        // the form runs stored before: Spark's text, in the session time zone
        ZoneId zone = ZoneId.of(spark.sessionState().conf().sessionLocalTimeZone());
        jdbc.sql("UPDATE sluice_watermark SET value_text = '2024-08-03 00:00:00' WHERE table_name = :table AND name = 'ts'")
                .param("table", table).update();
        JsonNode third = ok(sluice.submit(append(table, watermarks,
                row(4, "2024-08-01", LocalDateTime.parse("2024-08-03T00:00:00").atZone(zone).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), "4.00", "d"),
                row(5, "2024-08-01", LocalDateTime.parse("2024-08-03T00:00:01").atZone(zone).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), "5.00", "e"))));
        assertThat(third.get("metrics").get("rowsInserted").asLong()).as("the old form reads as the same instant").isEqualTo(1);
        assertThat(third.get("watermark").get("after").asString())
                .isEqualTo(LocalDateTime.parse("2024-08-03T00:00:01").atZone(zone).toInstant().toString());

        for (String[] typed : new String[][] { { "day", "2024-08-01" }, { "amount", "5.00" }, { "id", "5" } }) {
            JsonNode run = ok(sluice.submit(append(table, "\"watermark\": {\"column\": \"%s\"},".formatted(typed[0]),
                    row(5, "2024-08-01", "2024-08-03T00:00:01Z", "5", "e"), row(4, "2024-8-1", "2024-08-03T00:00:01Z", "4.0", "d"))));
            assertThat(run.get("watermark").get("after").asString()).as(typed[0]).isEqualTo(typed[1]);
        }
    }

    @Test
    void anInitialValueShouldBeReadInTheColumnsType() {
        String table = SluiceClient.uniqueTable("wm_initial");
        JsonNode run = ok(sluice.submit(append(table, "\"watermark\": {\"column\": \"ts\", \"initial\": \"2024-08-02T12:00:00+02:00\"},",
                row(1, "2024-08-01", "2024-08-02T10:00:00Z", "1", "a"), row(2, "2024-08-01", "2024-08-02T10:00:01Z", "2", "b"))));
        assertThat(run.get("metrics").get("rowsInserted").asLong()).isEqualTo(1);
        assertThat(run.get("watermark").get("before").asString()).as("the initial in canonical form").isEqualTo("2024-08-02T10:00:00Z");
        assertThat(run.get("watermark").get("after").asString()).isEqualTo("2024-08-02T10:00:01Z");
    }

    private JsonNode ok(String runId) {
        JsonNode run = sluice.awaitEnd(runId);
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        return run;
    }
}
