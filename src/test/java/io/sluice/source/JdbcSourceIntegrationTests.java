package io.sluice.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.sluice.support.Postgres;
import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * jdbc sources against the machine's PostgreSQL: an initial load and two increments with updates,
 * merged into Delta by key with a watermark pushed into the query, read in parallel ranges.
 */
@SluiceIntegrationTest
class JdbcSourceIntegrationTests {

    static final String SCHEMA = "jdbc_it";

    @Autowired
    SluiceClient sluice;
    DataSource dataSource;
    JdbcClient db;

    @BeforeEach
    void database() {
        dataSource = Postgres.freshSchema(SCHEMA);
        db = JdbcClient.create(dataSource);
        db.sql("CREATE TABLE orders (id BIGINT PRIMARY KEY, status TEXT NOT NULL, amount NUMERIC(10, 2), updated_at TIMESTAMPTZ NOT NULL)")
                .update();
    }

    @AfterEach
    void drop() throws Exception {
        Postgres.dropSchema(dataSource, SCHEMA);
    }

    @Test
    void anInitialLoadAndTwoIncrementsShouldMergeExactlyWhatChanged() {
        insert(1, "new", "10.00", "2024-01-01 10:00:00+00");
        insert(2, "new", "20.00", "2024-01-01 11:00:00+00");
        insert(3, "new", "30.00", "2024-01-01 12:00:00+00");
        insert(7, "new", "70.00", "2024-01-01 12:30:00+00"); // above the split's upper bound: read by the last range
        String table = SluiceClient.uniqueTable("orders");

        JsonNode first = merge(table);
        assertThat(first.get("status").asString()).as(first.toString()).isEqualTo("SUCCEEDED");
        assertThat(first.get("metrics").get("rowsOutput").asLong()).isEqualTo(4);
        assertThat(first.get("watermark").get("after").asString()).isEqualTo("2024-01-01T12:30:00Z");
        assertThat(first.get("source").get("description").asString()).isEqualTo("jdbc pgtest: jdbc_it.orders in 3 ranges of id");

        db.sql("UPDATE orders SET status = 'paid', updated_at = '2024-01-02 09:00:00+00' WHERE id IN (1, 3)").update();
        insert(4, "new", "40.00", "2024-01-02 10:00:00+00");
        JsonNode second = merge(table);
        assertThat(List.of(second.get("metrics").get("rowsUpdated").asLong(), second.get("metrics").get("rowsInserted").asLong()))
                .containsExactly(2L, 1L);

        db.sql("UPDATE orders SET status = 'shipped', amount = 31.50, updated_at = '2024-01-03 08:00:00+00' WHERE id = 3").update();
        insert(5, "new", "50.00", "2024-01-03 09:00:00+00");
        JsonNode third = merge(table);
        assertThat(List.of(third.get("metrics").get("rowsUpdated").asLong(), third.get("metrics").get("rowsInserted").asLong()))
                .containsExactly(1L, 1L);
        assertThat(third.get("watermark").get("before").asString()).isEqualTo("2024-01-02T10:00:00Z");

        assertThat(sluice.rows(table, "id")).extracting(r -> List.of(r.get("id"), r.get("status"), r.get("amount").toString()))
                .containsExactly(List.of(1, "paid", "10.0"), List.of(2, "new", "20.0"), List.of(3, "shipped", "31.5"),
                        List.of(4, "new", "40.0"), List.of(5, "new", "50.0"), List.of(7, "new", "70.0"));
        JsonNode nothingNew = merge(table);
        assertThat(nothingNew.get("metrics").get("rowsOutput").asLong()).as("nothing beyond the watermark").isZero();
    }

    /**
     * A query may answer differently each time it runs (here clock_timestamp() makes sure it does). The run reads it
     * once: the watermark it records is the greatest value of the rows it wrote, not of another read's.
     */
    @Test
    void aRunShouldReadTheDatabaseOnceSoItsWatermarkIsOfTheRowsItWrote() {
        String table = SluiceClient.uniqueTable("read_once");
        JsonNode run = sluice.submitAndAwait("""
                {"table": "%s", "strategy": "append", "keys": ["id"],
                 "source": {"type": "jdbc", "connection": "pgtest", "query":
                   "SELECT g AS id, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint AS read_at FROM generate_series(1, 3) g"},
                 "watermark": {"column": "read_at"}}""".formatted(table));
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");

        List<Map<String, Object>> rows = sluice.rows(table, "id");
        assertThat(rows).extracting(r -> r.get("id")).containsExactly(1, 2, 3);
        String greatestWritten = rows.stream().map(r -> Long.parseLong(r.get("read_at").toString())).max(Long::compare).orElseThrow().toString();
        assertThat(run.get("watermark").get("after").asString()).isEqualTo(greatestWritten);
    }

    /** The watermark is a bound parameter: a value with quotes is compared as text, never run as SQL. */
    @Test
    void theWatermarkShouldBeBoundNotWrittenIntoTheQuery() {
        db.sql("CREATE TABLE codes (code TEXT PRIMARY KEY)").update();
        for (String code : List.of("a", "b", "y", "z")) {
            db.sql("INSERT INTO codes VALUES (?)").param(code).update();
        }
        String table = SluiceClient.uniqueTable("codes");
        JsonNode run = sluice.submitAndAwait("""
                {"table": "%s", "strategy": "append",
                 "source": {"type": "jdbc", "connection": "pgtest", "query": "SELECT code FROM jdbc_it.codes"},
                 "watermark": {"column": "code", "initial": "x' OR '1'='1"}}""".formatted(table));
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(sluice.rows(table, "code")).extracting(r -> r.get("code")).containsExactly("y", "z");
    }

    @Test
    void connectionsAndNamesOutsideTheConfigurationShouldBeRefused() {
        for (Map.Entry<String, String> refused : Map.of(
                "{\"type\": \"jdbc\", \"connection\": \"nope\", \"table\": \"jdbc_it.orders\"}", "source.connection",
                "{\"type\": \"jdbc\", \"connection\": \"pgtest\", \"table\": \"orders; DROP TABLE orders\"}", "source.table",
                "{\"type\": \"jdbc\", \"connection\": \"pgtest\", \"query\": \"DELETE FROM jdbc_it.orders\"}", "source.query",
                "{\"type\": \"jdbc\", \"connection\": \"pgtest\", \"table\": \"jdbc_it.orders\", \"partitionColumn\": \"id\"}",
                "source.partitionColumn").entrySet()) {
            ResponseEntity<JsonNode> response = sluice.post("/api/v1/runs", """
                    {"table": "%s", "strategy": "append", "source": %s}""".formatted(SluiceClient.uniqueTable("refused"), refused.getKey()));
            assertThat(response.getStatusCode()).as(refused.getKey()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
            assertThat(response.getBody().toString()).contains(refused.getValue()).doesNotContain("password");
        }
        assertThat(db.sql("SELECT count(*) FROM orders").query(Long.class).single()).isZero();
    }

    private JsonNode merge(String table) {
        return sluice.submitAndAwait("""
                {"table": "%s", "strategy": "merge", "keys": ["id"],
                 "source": {"type": "jdbc", "connection": "pgtest", "table": "jdbc_it.orders",
                            "partitionColumn": "id", "lowerBound": "1", "upperBound": "6", "numPartitions": 3, "fetchSize": 2},
                 "watermark": {"column": "updated_at"}}""".formatted(table));
    }

    private void insert(long id, String status, String amount, String updatedAt) {
        db.sql("INSERT INTO orders VALUES (?, ?, ?::numeric, ?::timestamptz)").params(id, status, amount, updatedAt).update();
    }
}
