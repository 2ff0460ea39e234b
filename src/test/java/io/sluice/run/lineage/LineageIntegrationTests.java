package io.sluice.run.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.openlineage.client.OpenLineage.RunEvent;
import io.openlineage.client.OpenLineageClientUtils;
import io.sluice.SluiceProperties;
import io.sluice.support.LineageReceiver;
import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every run's OpenLineage events, posted by the client's HTTP transport to a loopback receiver: START, then COMPLETE or
 * FAIL, with the job, the datasets and their facets. The shared context has lineage off; each test points it at its
 * receiver and back.
 */
@SluiceIntegrationTest
class LineageIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    SluiceClient sluice;

    @Autowired
    SluiceProperties properties;

    @Autowired
    LineageEmitter lineage;

    LineageReceiver receiver;
    LineageProperties configured;

    @BeforeEach
    void pointTheEmitterAtAReceiver() {
        receiver = LineageReceiver.start();
        configured = lineage.properties();
        lineage.reconfigure(LineageProperties.http(URI.create(receiver.baseUrl())));
    }

    @AfterEach
    void turnLineageOffAgain() {
        lineage.reconfigure(configured);
        receiver.close();
    }

    @Test
    void shouldEmitStartThenCompleteWithTheFilesReadAndTheTableWritten() throws Exception {
        String table = SluiceClient.uniqueTable("lineage_csv");
        Path folder = Files.createDirectories(properties.resolve("inbox").resolve(table));
        Files.writeString(folder.resolve("part-1.csv"), "id,name\n1,ada\n2,grace\n");
        Files.writeString(folder.resolve("part-2.csv"), "id,name\n3,edsger\n");

        JsonNode run = sluice.submitAndAwait("""
                {"table": "%s", "strategy": "append",
                 "source": {"type": "files", "format": "csv", "path": "%s/*.csv", "options": {"header": "true"},
                            "schema": "id BIGINT, name STRING"}}""".formatted(table, folder));
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");

        List<JsonNode> events = events(table + ".append", "COMPLETE");
        assertThat(events).extracting(event -> event.get("eventType").asString()).containsExactly("START", "COMPLETE");
        JsonNode start = events.get(0);
        JsonNode complete = events.get(1);
        String runId = run.get("id").asString();
        assertThat(start.get("run").get("runId").asString()).isEqualTo(runId);
        assertThat(complete.get("run").get("runId").asString()).isEqualTo(runId);
        assertThat(OffsetDateTime.parse(start.get("eventTime").asString())).isEqualTo(OffsetDateTime.parse(run.get("startedAt").asString()));
        assertThat(OffsetDateTime.parse(complete.get("eventTime").asString()))
                .isEqualTo(OffsetDateTime.parse(run.get("finishedAt").asString()));
        assertThat(complete.get("producer").asString()).isEqualTo("urn:sluice");
        assertThat(complete.get("job").get("namespace").asString()).isEqualTo("sluice");
        assertThat(complete.get("job").get("facets").get("jobType").get("jobType").asString()).isEqualTo("APPEND");
        assertThat(complete.get("job").get("facets").get("jobType").get("processingType").asString()).isEqualTo("BATCH");

        for (JsonNode event : events) {
            assertThat(event.get("inputs")).hasSize(1);
            assertThat(event.get("inputs").get(0).get("namespace").asString()).isEqualTo("file");
            assertThat(event.get("inputs").get(0).get("name").asString()).isEqualTo(folder.toAbsolutePath() + "/*.csv");
        }
        assertThat(fields(complete.get("inputs").get(0))).containsExactly("id BIGINT", "name STRING");

        String location = Path.of(URI.create(sluice.table(table).get("location").asString())).toString();
        JsonNode output = complete.get("outputs").get(0);
        assertThat(start.get("outputs").get(0).get("name").asString()).isEqualTo(location);
        assertThat(output.get("namespace").asString()).isEqualTo("file");
        assertThat(output.get("name").asString()).isEqualTo(location);
        JsonNode symlink = output.get("facets").get("symlinks").get("identifiers").get(0);
        assertThat(symlink.get("name").asString()).isEqualTo(table);
        assertThat(symlink.get("type").asString()).isEqualTo("TABLE");
        assertThat(symlink.get("namespace").asString()).startsWith("file:/").endsWith("/warehouse");
        assertThat(fields(output)).containsExactly("id BIGINT", "name STRING");
        assertThat(output.get("facets").get("version").get("datasetVersion").asString()).isEqualTo("0");
        JsonNode statistics = output.get("outputFacets").get("outputStatistics");
        assertThat(statistics.get("rowCount").asLong()).isEqualTo(3);
        assertThat(statistics.get("size").asLong()).isEqualTo(run.get("metrics").get("bytesAdded").asLong()).isPositive();
        assertThat(statistics.get("fileCount").asLong()).isEqualTo(run.get("metrics").get("filesAdded").asLong());
        assertThat(start.get("outputs").get(0).get("facets").has("schema")).as("START says nothing of the write").isFalse();
        assertThat(start.get("outputs").get(0).has("outputFacets")).isFalse();
    }

    @Test
    void shouldEmitFailWithTheRunsErrorWhenTheSourceIsMalformed() throws Exception {
        String table = SluiceClient.uniqueTable("lineage_bad");
        Path folder = Files.createDirectories(properties.resolve("inbox").resolve(table));
        Files.writeString(folder.resolve("bad.csv"), "id,name\n2,fine\nnot-a-number,broken\n");

        JsonNode run = sluice.submitAndAwait("""
                {"table": "%s", "strategy": "append",
                 "source": {"type": "files", "format": "csv", "path": "%s/bad.csv", "options": {"header": "true"},
                            "schema": "id BIGINT, name STRING"}}""".formatted(table, folder));
        assertThat(run.get("status").asString()).isEqualTo("FAILED");

        List<JsonNode> events = events(table + ".append", "FAIL");
        assertThat(events).extracting(event -> event.get("eventType").asString()).containsExactly("START", "FAIL");
        JsonNode fail = events.get(1);
        assertThat(fail.get("run").get("runId").asString()).isEqualTo(run.get("id").asString());
        JsonNode error = fail.get("run").get("facets").get("errorMessage");
        assertThat(error.get("message").asString())
                .isEqualTo("SOURCE_MALFORMED: " + run.get("error").get("message").asString());
        assertThat(error.get("programmingLanguage").asString()).isEqualTo("Java");
        assertThat(error.has("stackTrace")).isFalse();
        JsonNode output = fail.get("outputs").get(0);
        assertThat(output.get("facets").has("version")).as("nothing was committed").isFalse();
        assertThat(output.has("outputFacets")).isFalse();
    }

    @Test
    void shouldNameAnInlineRunWithoutInputsAndAMergeByItsStrategy() {
        String table = SluiceClient.uniqueTable("lineage_inline");
        sluice.submitAndAwait(inline(table, "append", "{\"id\": 1, \"name\": \"a\"}"));
        JsonNode merge = sluice.submitAndAwait(inline(table, "merge", "{\"id\": 1, \"name\": \"b\"}, {\"id\": 2, \"name\": \"c\"}")
                .replace("\"strategy\": \"merge\"", "\"strategy\": \"merge\", \"keys\": [\"id\"]"));
        assertThat(merge.get("status").asString()).as(merge.toString()).isEqualTo("SUCCEEDED");

        List<JsonNode> events = events(table + ".merge", "COMPLETE");
        assertThat(events).extracting(event -> event.get("eventType").asString()).containsExactly("START", "COMPLETE");
        JsonNode complete = events.get(1);
        assertThat(complete.get("inputs")).as("inline rows are no dataset").isEmpty();
        assertThat(complete.get("job").get("facets").get("jobType").get("jobType").asString()).isEqualTo("MERGE");
        JsonNode output = complete.get("outputs").get(0);
        assertThat(output.get("facets").get("version").get("datasetVersion").asString()).isEqualTo("1");
        assertThat(output.get("outputFacets").get("outputStatistics").get("rowCount").asLong())
                .isEqualTo(merge.get("metrics").get("rowsOutput").asLong());
        assertThat(fields(output)).containsExactly("id BIGINT", "name STRING");
    }

    @Test
    void shouldNameARestoreByItsKindWithTheTableAsItsInput() {
        String table = SluiceClient.uniqueTable("lineage_restore");
        sluice.submitAndAwait(inline(table, "append", "{\"id\": 1, \"name\": \"a\"}"));
        sluice.submitAndAwait(inline(table, "append", "{\"id\": 2, \"name\": \"b\"}"));
        JsonNode restore = sluice.awaitEnd(sluice.exchangeId("/api/v1/tables/" + table + "/restore", "{\"version\": 0}"));
        assertThat(restore.get("status").asString()).as(restore.toString()).isEqualTo("SUCCEEDED");

        List<JsonNode> events = events(table + ".restore", "COMPLETE");
        assertThat(events).extracting(event -> event.get("eventType").asString()).containsExactly("START", "COMPLETE");
        JsonNode complete = events.get(1);
        assertThat(complete.get("job").get("facets").get("jobType").get("jobType").asString()).isEqualTo("RESTORE");
        JsonNode output = complete.get("outputs").get(0);
        assertThat(complete.get("inputs")).hasSize(1);
        assertThat(complete.get("inputs").get(0).get("name").asString()).isEqualTo(output.get("name").asString());
        assertThat(complete.get("inputs").get(0).get("facets").get("symlinks").get("identifiers").get(0).get("name").asString())
                .isEqualTo(table);
        assertThat(output.get("facets").get("version").get("datasetVersion").asString()).isEqualTo("2");
    }

    @Test
    void shouldLetARunSucceedWhileTheReceiverFails() {
        receiver.failing(true);
        String table = SluiceClient.uniqueTable("lineage_down");
        JsonNode run = sluice.submitAndAwait(inline(table, "append", "{\"id\": 1, \"name\": \"a\"}"));

        assertThat(run.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(sluice.rows(table, "id")).hasSize(1);
    }

    /** The events of a job once the one of type {@code last} has arrived, each checked for the spec's shape, in order. */
    private List<JsonNode> events(String job, String last) {
        List<LineageReceiver.Received> received = receiver.await(r -> r.body().contains("\"" + job + "\"") && r.body().contains("\"" + last + "\""));
        return received.stream().map(r -> {
            assertThat(r.contentType()).startsWith("application/json");
            return shape(r.body());
        }).filter(event -> event.get("job").get("name").asString().equals(job)).toList();
    }

    /**
     * The spec's required fields of a run event, its datasets and facets (its JSON schema is not on Maven Central), and
     * the event read back by the client's own parser.
     */
    private static JsonNode shape(String body) {
        RunEvent parsed = OpenLineageClientUtils.runEventFromJson(body);
        JsonNode event = JSON.readTree(body);
        assertThat(parsed.getRun().getRunId()).isEqualTo(UUID.fromString(event.get("run").get("runId").asString()));
        assertThat(event.get("eventTime").asString()).isNotBlank();
        OffsetDateTime.parse(event.get("eventTime").asString());
        assertThat(URI.create(event.get("producer").asString()).isAbsolute()).isTrue();
        assertThat(event.get("schemaURL").asString()).startsWith("https://openlineage.io/spec/").endsWith("/OpenLineage.json#/$defs/RunEvent");
        assertThat(event.get("job").get("namespace").asString()).isNotBlank();
        assertThat(event.get("job").get("name").asString()).isNotBlank();
        for (String datasets : List.of("inputs", "outputs")) {
            for (JsonNode dataset : event.get(datasets)) {
                assertThat(dataset.get("namespace").asString()).isNotBlank();
                assertThat(dataset.get("name").asString()).isNotBlank();
                facets(dataset.get("facets"));
                facets(dataset.get("outputFacets"));
            }
        }
        facets(event.get("run").get("facets"));
        facets(event.get("job").get("facets"));
        return event;
    }

    /** Every facet names its producer and its schema. */
    private static void facets(JsonNode facets) {
        if (facets == null) {
            return;
        }
        facets.properties().forEach(facet -> {
            assertThat(facet.getValue().get("_producer").asString()).as(facet.getKey()).isEqualTo("urn:sluice");
            assertThat(facet.getValue().get("_schemaURL").asString()).as(facet.getKey()).startsWith("https://openlineage.io/spec/");
        });
    }

    private static List<String> fields(JsonNode dataset) {
        return dataset.get("facets").get("schema").get("fields").valueStream()
                .map(field -> field.get("name").asString() + " " + field.get("type").asString()).toList();
    }

    private static String inline(String table, String strategy, String rows) {
        return """
                {"table": "%s", "strategy": "%s",
                 "source": {"type": "inline", "schema": "id BIGINT, name STRING", "rows": [%s]}}""".formatted(table, strategy, rows);
    }
}
