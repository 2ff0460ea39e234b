package io.sluice.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import io.sluice.support.SymlinkManifests;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Engines that read files, not the metastore, read a Parquet table through its symlink manifests exactly as
 * docs/readers.md says: here DuckDB, which shares no code with Spark, after every strategy and a rollback,
 * gets exactly the table's rows, the same as Sluice's own preview (Spark reading the metastore's partitions).
 * {@code GET /api/v1/tables/{name}} names the manifests and each partition's current directory.
 */
@SluiceIntegrationTest
class PathReadersIntegrationTests {

    static final String SCHEMA = "id BIGINT, amount DECIMAL(38,18), at TIMESTAMP, name STRING, part STRING";
    static final String MAX = "99999999999999999999.999999999999999999";
    static final String SLASH = "münchen/北京";
    static final String ESCAPES = "a=b%20c d";
    static final String T1 = "2024-08-01T10:00:00.123456Z";
    static final String T2 = "1500-06-15T12:34:56.000001Z";
    private static final JsonMapper EXACT = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    @Autowired
    SluiceClient sluice;

    @Test
    void duckDbShouldReadAPartitionedTableThroughItsManifestsExactlyAfterEveryStrategyAndARollback() throws Exception {
        String table = SluiceClient.uniqueTable("readers_parts");
        ok(run(table, "append", "\"partitionBy\": [\"part\"]", row(1, "1.5", T1, "a", SLASH), row(2, MAX, T2, "b", ESCAPES),
                row(3, "0.000000000000000001", null, "c", null), row(4, "-2", T1, "d", "plain")));
        assertRead(table, new Event(1, "1.5", T1, "a", SLASH), new Event(2, MAX, T2, "b", ESCAPES),
                new Event(3, "0.000000000000000001", null, "c", null), new Event(4, "-2", T1, "d", "plain"));

        ok(run(table, "append", "", row(5, "5", null, "e", "plain"), row(6, "6", T2, "f", "new")));
        assertRead(table, new Event(1, "1.5", T1, "a", SLASH), new Event(2, MAX, T2, "b", ESCAPES),
                new Event(3, "0.000000000000000001", null, "c", null), new Event(4, "-2", T1, "d", "plain"),
                new Event(5, "5", null, "e", "plain"), new Event(6, "6", T2, "f", "new"));

        ok(run(table, "merge", "\"keys\": [\"id\"]", row(1, "1.25", T2, "A", SLASH), row(7, "7", T1, "g", ESCAPES)));
        assertRead(table, new Event(1, "1.25", T2, "A", SLASH), new Event(2, MAX, T2, "b", ESCAPES),
                new Event(3, "0.000000000000000001", null, "c", null), new Event(4, "-2", T1, "d", "plain"),
                new Event(5, "5", null, "e", "plain"), new Event(6, "6", T2, "f", "new"), new Event(7, "7", T1, "g", ESCAPES));
        assertThat(globOverTheRoot(table)).as("what docs/readers.md warns of: a glob over the root also reads replaced files")
                .isGreaterThan(7);

        ok(run(table, "dynamic_overwrite", "", row(8, "8", T1, "h", "plain"), row(9, "9", null, "i", null)));
        List<Event> overwritten = List.of(new Event(1, "1.25", T2, "A", SLASH), new Event(2, MAX, T2, "b", ESCAPES),
                new Event(6, "6", T2, "f", "new"), new Event(7, "7", T1, "g", ESCAPES), new Event(8, "8", T1, "h", "plain"),
                new Event(9, "9", null, "i", null));
        assertRead(table, overwritten.toArray(Event[]::new));

        JsonNode dropped = ok(run(table, "drop_partition", "", row(10, "10", T1, "j", "new"), row(11, "11", T2, "k", "fresh")));
        assertRead(table, new Event(1, "1.25", T2, "A", SLASH), new Event(2, MAX, T2, "b", ESCAPES), new Event(7, "7", T1, "g", ESCAPES),
                new Event(8, "8", T1, "h", "plain"), new Event(9, "9", null, "i", null), new Event(10, "10", T1, "j", "new"),
                new Event(11, "11", T2, "k", "fresh"));

        ok(sluice.awaitEnd(sluice.exchangeId("/api/v1/runs/" + dropped.get("id").asString() + "/rollback", "")));
        assertRead(table, overwritten.toArray(Event[]::new)); // partition "fresh" is gone, and so is its manifest
        assertThat(sluice.table(table).get("currentData").get("directories").findValuesAsString("part"))
                .doesNotContain("fresh");
    }

    @Test
    void duckDbShouldReadATableWithoutPartitionsThroughItsManifestExactlyAfterAnAppendAndAMerge() throws Exception {
        String table = SluiceClient.uniqueTable("readers_flat");
        ok(run(table, "append", "", row(1, "1.5", T1, "a", "x"), row(2, MAX, null, "b", null)));
        assertRead(table, new Event(1, "1.5", T1, "a", "x"), new Event(2, MAX, null, "b", null));

        ok(run(table, "append", "", row(3, "3", T2, "c", "y")));
        assertRead(table, new Event(1, "1.5", T1, "a", "x"), new Event(2, MAX, null, "b", null), new Event(3, "3", T2, "c", "y"));

        ok(run(table, "merge", "\"keys\": [\"id\"]", row(2, "-2", T2, "B", "z"), row(4, "4", null, "d", null)));
        assertRead(table, new Event(1, "1.5", T1, "a", "x"), new Event(2, "-2", T2, "B", "z"), new Event(3, "3", T2, "c", "y"),
                new Event(4, "4", null, "d", null));
        JsonNode current = sluice.table(table).get("currentData");
        assertThat(current.get("directories")).hasSize(1);
        assertThat(current.get("directories").get(0).get("directory").asString()).contains("/_sluice/"); // the merge's stage
    }

    /** DuckDB (reading the manifests, as documented) and the preview (Spark, by the metastore) both see exactly these rows. */
    private void assertRead(String table, Event... expected) throws Exception {
        JsonNode info = sluice.table(table);
        JsonNode current = info.get("currentData");
        String manifests = current.get("symlinkManifest").asString();
        assertThat(manifests).isEqualTo(info.get("location").asString().replaceAll("/_sluice/.*", "") + "/_symlink_format_manifest");
        assertThat(current.get("deltaLog").isNull()).isTrue();
        SymlinkManifests.assertListExactlyTheCurrentFiles(current);

        List<Event> duck = duckDb(manifests, !info.get("partitionBy").isEmpty());
        assertThat(duck).as("DuckDB through the manifests").containsExactly(expected);
        assertThat(preview(table)).as("Sluice's preview").containsExactlyElementsOf(duck);
    }

    /** The statements docs/readers.md gives: the manifests' lines into a variable, then read_parquet over that list. */
    private static List<Event> duckDb(String manifests, boolean partitioned) throws SQLException {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duck.createStatement()) {
            statement.execute("""
                    SET VARIABLE sluice_files = (
                      SELECT list(line) FROM (
                        SELECT unnest(string_split(content, chr(10))) AS line
                        FROM read_text('%s/**/manifest'))
                      WHERE line <> '')""".formatted(manifests));
            String hive = partitioned ? "hive_partitioning = true, hive_types = {'part': VARCHAR}" : "hive_partitioning = false";
            String read = "read_parquet(getvariable('sluice_files'), " + hive + ")";
            try (ResultSet types = statement.executeQuery("DESCRIBE SELECT * FROM " + read)) {
                List<String> columns = new ArrayList<>();
                while (types.next()) {
                    columns.add(types.getString(1) + " " + types.getString(2));
                }
                assertThat(columns).as("the table's types, exactly").containsExactlyInAnyOrder("id BIGINT", "amount DECIMAL(38,18)",
                        "at TIMESTAMP WITH TIME ZONE", "name VARCHAR", "part VARCHAR");
            }
            List<Event> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery("SELECT id, amount, epoch_us(\"at\"), name, part FROM " + read + " ORDER BY id")) {
                while (result.next()) {
                    long micros = result.getLong(3);
                    String at = result.wasNull() ? null : Instant.EPOCH.plus(micros, ChronoUnit.MICROS).toString();
                    rows.add(new Event(result.getLong(1), result.getBigDecimal(2).toPlainString(), at, result.getString(4),
                            result.getString(5)));
                }
            }
            return rows;
        }
    }

    /** What a reader that globs the table's root reads: every file ever written there, replaced ones too. */
    private long globOverTheRoot(String table) throws SQLException {
        String root = sluice.table(table).get("currentData").get("symlinkManifest").asString().replace("/_symlink_format_manifest", "");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duck.createStatement();
                ResultSet count = statement.executeQuery("SELECT count(*) FROM read_parquet('" + root + "/**/*.parquet')")) {
            count.next();
            return count.getLong(1);
        }
    }

    private List<Event> preview(String table) {
        record Preview(List<Map<String, Object>> rows) {
        }
        Preview preview = EXACT.readValue(sluice.getText("/api/v1/tables/" + table + "/preview?limit=1000"), new TypeReference<Preview>() {
        });
        return preview.rows().stream().map(row -> new Event(((Number) row.get("id")).longValue(),
                ((BigDecimal) row.get("amount")).stripTrailingZeros().toPlainString(),
                row.get("at") == null ? null : Instant.parse((String) row.get("at")).toString(), (String) row.get("name"),
                (String) row.get("part"))).sorted(Comparator.comparingLong(Event::id)).toList();
    }

    /** A row as both readers give it: the amount's digits without trailing zeros, the timestamp as an instant. */
    record Event(long id, String amount, String at, String name, String part) {

        Event {
            amount = new BigDecimal(amount).stripTrailingZeros().toPlainString();
            at = at == null ? null : Instant.parse(at).toString();
        }
    }

    private JsonNode ok(String request) {
        return ok(sluice.submitAndAwait(request));
    }

    private static JsonNode ok(JsonNode run) {
        assertThat(run.get("status").asString()).as("run: %s", run).isEqualTo("SUCCEEDED");
        return run;
    }

    private static String run(String table, String strategy, String options, String... rows) {
        return """
                {"table": "%s", "format": "parquet", "strategy": "%s", %s "source": {"type": "inline", "schema": "%s", "rows": [%s]}}"""
                .formatted(table, strategy, options.isEmpty() ? "" : options + ",", SCHEMA, String.join(",", rows));
    }

    private static String row(long id, String amount, String at, String name, String part) {
        return "{\"id\": %d, \"amount\": %s, \"at\": %s, \"name\": \"%s\", \"part\": %s}".formatted(id, amount,
                at == null ? "null" : "\"" + at + "\"", name, part == null ? "null" : "\"" + part + "\"");
    }
}
