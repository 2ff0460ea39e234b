package io.sluice.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.sluice.write.Checkpoint;
import io.sluice.write.WriteOptions;
import io.sluice.write.WriteRequest;
import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import io.sluice.spark.SparkProperties;
import io.sluice.table.Identifiers;
import io.sluice.table.TableName;
import io.sluice.table.TablesProperties;

/**
 * The Delta protocol of the tables Sluice creates, as GET /api/v1/tables/{name} and the dry run show it: reader 3 /
 * writer 7 with deletion vectors by default (writer 7 lists writer 2's features, appendOnly and invariants, by name),
 * reader 1 / writer 2 without them, none for Parquet.
 */
@SluiceIntegrationTest
class DeltaProtocolIntegrationTests {

    static final String SCHEMA = "id BIGINT, name STRING";
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final JsonNode WITH_DELETION_VECTORS = JSON.readTree("""
            {"minReaderVersion": 3, "minWriterVersion": 7, "readerFeatures": ["deletionVectors"],
             "writerFeatures": ["appendOnly", "deletionVectors", "invariants"], "deletionVectors": true}""");
    static final JsonNode WITHOUT_DELETION_VECTORS = JSON.readTree("""
            {"minReaderVersion": 1, "minWriterVersion": 2, "readerFeatures": [], "writerFeatures": [], "deletionVectors": false}""");

    @Autowired
    SluiceClient sluice;

    @Autowired
    SparkSession spark;

    @Autowired
    SparkProperties sparkProperties;

    @Test
    void shouldCreateDeltaTablesWithDeletionVectorsByDefault() {
        String table = SluiceClient.uniqueTable("protocol");
        assertThat(sluice.submitAndAwait(request(table, "append", "", row(1, "a"))).get("status").asString()).isEqualTo("SUCCEEDED");

        assertThat(sluice.table(table).get("protocol")).isEqualTo(WITH_DELETION_VECTORS);
        assertThat(property(table, "delta.enableDeletionVectors")).isEqualTo("true");
    }

    @Test
    void shouldKeepAMergeWithDeletesExactOnATableCreatedWithoutDeletionVectors() {
        String table = createdWithoutDeletionVectors("(1, 'a'), (2, 'b'), (3, 'c')");
        assertThat(property(table, "delta.enableDeletionVectors")).isEqualTo("false");
        assertThat(sluice.table(table).get("protocol")).isEqualTo(WITHOUT_DELETION_VECTORS);

        JsonNode merge = sluice.submitAndAwait(request(table, "merge", "\"keys\": [\"id\"], \"whenMatched\": \"delete\",",
                row(2, "x"), row(4, "d")));

        assertThat(merge.get("status").asString()).as("%s", merge).isEqualTo("SUCCEEDED");
        assertThat(merge.get("metrics").get("rowsDeleted").asLong()).isEqualTo(1);
        assertThat(merge.get("metrics").get("rowsInserted").asLong()).isEqualTo(1);
        assertThat(sluice.rows(table, "id")).containsExactly(Map.of("id", 1, "name", "a"), Map.of("id", 3, "name", "c"),
                Map.of("id", 4, "name", "d"));
        assertThat(sluice.table(table).get("protocol")).as("a merge leaves the protocol as it was").isEqualTo(WITHOUT_DELETION_VECTORS);
    }

    @Test
    void shouldShowNoProtocolForParquetTables() {
        String table = SluiceClient.uniqueTable("protocol_parquet");
        assertThat(sluice.submitAndAwait(request(table, "append", "\"format\": \"parquet\",", row(1, "a"))).get("status").asString())
                .isEqualTo("SUCCEEDED");

        assertThat(sluice.table(table).get("protocol").isNull()).isTrue();
    }

    @Test
    void shouldShowInADryRunTheProtocolANewTableWillGet() {
        String table = SluiceClient.uniqueTable("protocol_new");

        assertThat(dryRun(request(table, "append", "", row(1, "a"))).get("protocol")).isEqualTo(WITH_DELETION_VECTORS);
        assertThat(dryRun(request(table, "append", "\"format\": \"parquet\",", row(1, "a"))).get("protocol").isNull()).isTrue();
        assertThat(sluice.get("/api/v1/tables/" + table).getStatusCode().value()).as("nothing created").isEqualTo(404);
    }

    @Test
    void shouldShowInADryRunTheProtocolAnExistingTableHas() {
        String table = createdWithoutDeletionVectors("(1, 'a')");

        assertThat(dryRun(request(table, "merge", "\"keys\": [\"id\"],", row(1, "b"))).get("protocol")).isEqualTo(WITHOUT_DELETION_VECTORS);
    }

    /**
     * A table created by the run's own create, with the properties sluice.tables.delta.deletion-vectors: false gives
     * (the shared context runs with the default).
     */
    private String createdWithoutDeletionVectors(String values) {
        TableName table = TableName.parse("table", SluiceClient.uniqueTable("protocol_off"));
        spark.sql("CREATE DATABASE IF NOT EXISTS " + Identifiers.quote(table.database()));
        SparkSession session = spark.newSession(); // as a run has: the format sets the commit's metadata on it
        var data = session.sql("SELECT CAST(id AS BIGINT) AS id, name FROM VALUES " + values + " AS t(id, name)");
        var withoutDeletionVectors = new NewDeltaTables(new TablesProperties(List.of(), new TablesProperties.Delta(false)), sparkProperties);
        UUID run = UUID.randomUUID();
        new DeltaFormat(withoutDeletionVectors).create(new WriteRequest(run, session, table, Optional.empty(), List.of(), data,
                WriteOptions.NONE, Map.of("runId", run.toString()), Checkpoint.NONE));
        return table.toString();
    }

    private String property(String table, String key) {
        return spark.sql("SHOW TBLPROPERTIES " + table + " ('" + key + "')").collectAsList().get(0).getString(1);
    }

    private JsonNode dryRun(String request) {
        var response = sluice.post("/api/v1/runs?dryRun=true", request);
        assertThat(response.getStatusCode().value()).as("%s", response.getBody()).isEqualTo(200);
        return response.getBody();
    }

    private static String row(long id, String name) {
        return "{\"id\": " + id + ", \"name\": \"" + name + "\"}";
    }

    private static String request(String table, String strategy, String options, String... rows) {
        return """
                {"table": "%s", "strategy": "%s", %s "source": {"type": "inline", "schema": "%s", "rows": [%s]}}"""
                .formatted(table, strategy, options, SCHEMA, String.join(",", rows));
    }
}
