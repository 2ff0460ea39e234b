package io.sluice.run.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import io.sluice.format.Formats;
import io.sluice.format.TableCatalog;
import io.sluice.format.TableChanges;
import io.sluice.format.VacuumRequest;
import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import io.sluice.support.SymlinkManifests;
import io.sluice.table.TableName;
import io.sluice.table.TableState;
import io.sluice.write.FaultStep;
import tools.jackson.databind.JsonNode;

/**
 * A Parquet table's retention: a vacuum keeps what the restores of its newest changes need and deletes the directories
 * only older changes needed, with stages nothing points into; the rows stay, every kept version is restorable, older
 * ones are a 409 naming the versions kept. A dry run lists exactly what the run then deletes; orphans past their grace go.
 */
@SluiceIntegrationTest
class ParquetRetentionIntegrationTests {

    private static final String SCHEMA = "id BIGINT, day DATE";
    private static final String PARQUET = "\"format\": \"parquet\"";

    @Autowired
    SluiceClient sluice;

    @Autowired
    SparkSession spark;

    @Autowired
    TableCatalog catalog;

    @Autowired
    Formats formats;

    @Autowired
    TableChanges changes;

    @Test
    void aVacuumOfAPartitionedTableShouldKeepTheNewestChangesRestorableAndDeleteWhatOnlyOlderOnesNeeded() throws IOException {
        String table = SluiceClient.uniqueTable("retain_parts");
        List<List<Map<String, Object>>> versions = new ArrayList<>();
        ok(write(table, "append", PARQUET + ", \"partitionBy\": [\"day\"]", row(1, "2024-08-01"), row(2, "2024-08-02")));
        versions.add(sluice.rows(table, "id"));
        Path root = local(sluice.table(table).get("location").asString());
        String dropPartition = ok(write(table, "drop_partition", "", row(3, "2024-08-01")));
        versions.add(sluice.rows(table, "id"));
        ok(write(table, "dynamic_overwrite", "", row(4, "2024-08-02")));
        versions.add(sluice.rows(table, "id"));
        ok(write(table, "merge", "\"keys\": [\"id\"]", row(5, "2024-08-01")));
        versions.add(sluice.rows(table, "id"));
        String newPartition = ok(write(table, "append", "", row(6, "2024-08-03")));
        versions.add(sluice.rows(table, "id"));
        ok(write(table, "append", "", row(7, "2024-08-02")));
        versions.add(sluice.rows(table, "id"));
        String compaction = ok(sluice.exchangeId(maintenance(table), "{\"operation\": \"compact\", \"minFiles\": 2}"));
        versions.add(sluice.rows(table, "id"));
        Path interrupted = root.resolve("_sluice").resolve(UUID.randomUUID().toString()).resolve("day=2024-08-01");
        Files.createDirectories(interrupted);
        Files.write(interrupted.resolve("part-00000.parquet"), new byte[] { 1, 2, 3 }); // a stage a crashed run left
        assertThat(sluice.table(table).get("oldestRestorableVersion").asLong()).as("nothing removed yet").isZero();

        JsonNode withinRetention = preview(table, "{\"operation\": \"vacuum\", \"retentionHours\": 1000, \"keepChanges\": 1}");
        assertThat(removed(root, withinRetention)).as("every change is within the retention: only the crashed run's stage goes")
                .containsExactly("_sluice/" + interrupted.getParent().getFileName());
        assertThat(withinRetention.get("oldestRestorableVersion").asLong()).isZero();

        String vacuum = "{\"operation\": \"vacuum\", \"retentionHours\": 0, \"keepChanges\": 2}";
        JsonNode preview = preview(table, vacuum);
        assertThat(removed(root, preview)).containsExactlyInAnyOrder("day=2024-08-01", "day=2024-08-02", "_sluice/" + dropPartition,
                "_sluice/" + newPartition, "_sluice/" + interrupted.getParent().getFileName());
        assertThat(preview.get("oldestRestorableVersion").asLong()).isEqualTo(4);
        assertThat(preview.get("orphans")).isEmpty();
        assertThat(Files.exists(root.resolve("day=2024-08-01"))).as("a dry run deletes nothing").isTrue();

        JsonNode run = ran(sluice.exchangeId(maintenance(table), vacuum));
        assertThat(run.get("strategy").asString()).isEqualTo("vacuum");
        assertThat(run.get("metrics").get("filesRemoved").asLong()).isEqualTo(preview.get("filesRemoved").asLong()).isPositive();
        assertThat(run.get("metrics").get("bytesRemoved").asLong()).isEqualTo(preview.get("bytesRemoved").asLong());
        preview.get("removed").forEach(path -> assertThat(Files.exists(local(path.get("path").asString()))).as(path.toString()).isFalse());
        assertThat(sluice.rows(table, "id")).isEqualTo(versions.get(6));
        SymlinkManifests.assertListExactlyTheCurrentFiles(sluice.table(table).get("currentData"));
        assertThat(sluice.table(table).get("oldestRestorableVersion").asLong()).isEqualTo(4);
        assertThat(sluice.table(table).get("version").asLong()).as("a vacuum is no version").isEqualTo(6);
        assertThat(removed(root, preview(table, vacuum))).as("the next vacuum finds nothing more").isEmpty();

        ResponseEntity<JsonNode> refused = sluice.post("/api/v1/tables/" + table + "/restore", "{\"version\": 3}");
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(refused.getBody().get("detail").asString()).startsWith("table " + table + " keeps versions 4 to 6: version 3's files "
                + "were removed by the vacuum run " + run.get("id").asString());

        ok(sluice.exchangeId("/api/v1/runs/" + compaction + "/rollback", ""));
        assertThat(sluice.rows(table, "id")).isEqualTo(versions.get(5));
        ok(sluice.exchangeId("/api/v1/tables/" + table + "/restore", "{\"version\": 4}"));
        assertThat(sluice.rows(table, "id")).isEqualTo(versions.get(4));
        SymlinkManifests.assertListExactlyTheCurrentFiles(sluice.table(table).get("currentData"));
        ResponseEntity<JsonNode> rollback = sluice.post("/api/v1/runs/" + newPartition + "/rollback", "");
        assertThat(rollback.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(rollback.getBody().get("detail").asString()).startsWith("run " + newPartition + " cannot be rolled back: table "
                + table + " keeps versions 4 to 4: version 3's files were removed");
        assertThat(sluice.rows(table, "id")).as("nothing changed").isEqualTo(versions.get(4));
    }

    @Test
    void aVacuumOfATableWithoutPartitionsShouldDeleteItsEarlierLocationsOnceNoKeptChangeNeedsThem() {
        String table = SluiceClient.uniqueTable("retain_flat");
        List<List<Map<String, Object>>> versions = new ArrayList<>();
        ok(write(table, "append", PARQUET, row(1, "2024-08-01")));
        versions.add(sluice.rows(table, "id"));
        Path root = local(sluice.table(table).get("location").asString());
        String firstMerge = ok(write(table, "merge", "\"keys\": [\"id\"]", row(2, "2024-08-01")));
        versions.add(sluice.rows(table, "id"));
        String append = ok(write(table, "append", "", row(3, "2024-08-01")));
        versions.add(sluice.rows(table, "id"));
        String secondMerge = ok(write(table, "merge", "\"keys\": [\"id\"]", row(1, "2024-08-09")));
        versions.add(sluice.rows(table, "id"));
        ok(write(table, "append", "", row(4, "2024-08-01")));
        versions.add(sluice.rows(table, "id"));
        String compaction = ok(sluice.exchangeId(maintenance(table), "{\"operation\": \"compact\", \"minFiles\": 2}"));
        versions.add(sluice.rows(table, "id"));
        List<String> created = dataFiles(root);
        assertThat(created).isNotEmpty();

        String vacuum = "{\"operation\": \"vacuum\", \"retentionHours\": 0, \"keepChanges\": 2}";
        JsonNode preview = preview(table, vacuum);
        List<String> expected = new ArrayList<>(created);
        expected.addAll(List.of("_sluice/" + firstMerge, "_sluice/" + append));
        assertThat(removed(root, preview)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(preview.get("oldestRestorableVersion").asLong()).isEqualTo(3);

        JsonNode run = ran(sluice.exchangeId(maintenance(table), vacuum));
        assertThat(run.get("metrics").get("filesRemoved").asLong()).isEqualTo(preview.get("filesRemoved").asLong());
        assertThat(dataFiles(root)).isEmpty();
        assertThat(Files.exists(root.resolve("_sluice").resolve(secondMerge))).as("the compaction's rollback returns to it").isTrue();
        assertThat(sluice.rows(table, "id")).isEqualTo(versions.get(5));
        SymlinkManifests.assertListExactlyTheCurrentFiles(sluice.table(table).get("currentData"));

        ok(sluice.exchangeId("/api/v1/runs/" + compaction + "/rollback", ""));
        assertThat(sluice.rows(table, "id")).isEqualTo(versions.get(4));
        ok(sluice.exchangeId("/api/v1/tables/" + table + "/restore", "{\"version\": 3}"));
        assertThat(sluice.rows(table, "id")).isEqualTo(versions.get(3));
        ResponseEntity<JsonNode> refused = sluice.post("/api/v1/tables/" + table + "/restore", "{\"version\": 2}");
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(refused.getBody().get("detail").asString()).contains("keeps versions 3 to 3: version 2's files were removed by the "
                + "vacuum run " + run.get("id").asString());
        assertThat(sluice.rows(table, "id")).isEqualTo(versions.get(3));
    }

    @Test
    void aVacuumCutShortShouldLeaveTheTableReadableWithTheSameRowsAndTheNextOneShouldFinishIt() {
        String table = SluiceClient.uniqueTable("retain_crash");
        ok(write(table, "append", PARQUET + ", \"partitionBy\": [\"day\"]", row(1, "2024-08-01"), row(2, "2024-08-02")));
        Path root = local(sluice.table(table).get("location").asString());
        ok(write(table, "drop_partition", "", row(3, "2024-08-01"), row(4, "2024-08-02")));
        ok(write(table, "drop_partition", "", row(5, "2024-08-01"), row(6, "2024-08-02")));
        List<Map<String, Object>> rows = sluice.rows(table, "id");
        String vacuum = "{\"operation\": \"vacuum\", \"retentionHours\": 0, \"keepChanges\": 1}";
        List<String> planned = removed(root, preview(table, vacuum));
        // the create's directories: the first drop_partition's stage is what the kept one's rollback returns to
        assertThat(planned).containsExactlyInAnyOrder("day=2024-08-01", "day=2024-08-02");

        SparkSession session = spark.newSession();
        TableState state = catalog.state(session, TableName.parse("table", table)).orElseThrow();
        List<Long> recorded = new ArrayList<>();
        assertThatThrownBy(() -> formats.of(state).vacuum(new VacuumRequest(UUID.randomUUID(), session, state, Duration.ZERO, 1,
                Instant.now(), () -> changes.of(state), Map.of(), step -> {
                    if (step == FaultStep.REMOVING) {
                        throw new IllegalStateException("injected at " + step);
                    }
                }, recorded::add))).hasMessage("injected at removing");

        assertThat(recorded).as("recorded before the first deletion").containsExactly(1L);
        assertThat(sluice.rows(table, "id")).isEqualTo(rows);
        SymlinkManifests.assertListExactlyTheCurrentFiles(sluice.table(table).get("currentData"));
        assertThat(removed(root, preview(table, vacuum))).as("one deleted before the crash").hasSize(1).isSubsetOf(planned);
        ok(sluice.exchangeId(maintenance(table), vacuum));
        planned.forEach(path -> assertThat(Files.exists(root.resolve(path))).as(path).isFalse());
        assertThat(sluice.rows(table, "id")).isEqualTo(rows);
    }

    @Test
    void aVacuumShouldRemoveTheTablesOrphansPastTheirGracePeriodAndKeepTheYoungerOnes() throws IOException {
        String table = SluiceClient.uniqueTable("retain_orphans");
        ok(write(table, "append", "\"format\": \"delta\", \"partitionBy\": [\"day\"]", row(1, "2024-08-01")));
        Path location = local(sluice.table(table).get("location").asString());
        Path orphans = location.getParent().resolve("_sluice_orphans");
        Path old = orphans.resolve(location.getFileName() + "-" + Instant.now().minus(Duration.ofDays(8)).toEpochMilli());
        Path young = orphans.resolve(location.getFileName() + "-" + Instant.now().minus(Duration.ofHours(1)).toEpochMilli());
        Path otherTables = orphans.resolve(location.getFileName() + "_other-" + Instant.now().minus(Duration.ofDays(8)).toEpochMilli());
        for (Path orphan : List.of(old, young, otherTables)) {
            Files.createDirectories(orphan.resolve("day=2024-08-01"));
            Files.write(orphan.resolve("day=2024-08-01").resolve("part-00000.parquet"), new byte[] { 1, 2, 3, 4, 5 });
            Files.write(orphan.resolve("leftover.json"), new byte[] { 1, 2 });
        }

        JsonNode preview = preview(table, "{\"operation\": \"vacuum\", \"retentionHours\": 1000}");
        assertThat(preview.get("orphans")).hasSize(1);
        assertThat(local(preview.get("orphans").get(0).get("path").asString())).isEqualTo(old);
        assertThat(preview.get("orphans").get(0).get("files").asLong()).isEqualTo(2);
        assertThat(preview.get("orphans").get(0).get("bytes").asLong()).isEqualTo(7);
        assertThat(preview.get("removed")).as("Delta's files within the retention").isEmpty();
        assertThat(preview.get("oldestRestorableVersion").isNull()).isTrue();

        JsonNode run = ran(sluice.exchangeId(maintenance(table), "{\"operation\": \"vacuum\", \"retentionHours\": 1000}"));
        assertThat(run.get("metrics").get("filesRemoved").asLong()).isEqualTo(2);
        assertThat(run.get("metrics").get("bytesRemoved").asLong()).isEqualTo(7);
        assertThat(old).doesNotExist();
        assertThat(young).exists();
        assertThat(otherTables).as("another table's").exists();
        assertThat(sluice.rows(table, "id")).containsExactly(Map.of("id", 1, "day", "2024-08-01"));
    }

    @Test
    void aDeltaVacuumDryRunShouldListTheFilesTheRunThenDeletes() {
        String table = SluiceClient.uniqueTable("retain_delta");
        ok(write(table, "append", "\"format\": \"delta\", \"partitionBy\": [\"day\"]", row(1, "2024-08-01"), row(2, "2024-08-02")));
        ok(write(table, "drop_partition", "", row(3, "2024-08-01")));

        JsonNode preview = preview(table, "{\"operation\": \"vacuum\", \"retentionHours\": 0}");
        assertThat(preview.get("removed")).hasSize(1);
        Path replaced = local(preview.get("removed").get(0).get("path").asString());
        assertThat(replaced).exists();
        assertThat(preview.get("bytesRemoved").asLong()).isEqualTo(preview.get("removed").get(0).get("bytes").asLong()).isPositive();
        assertThat(sluice.get("/api/v1/tables/" + table + "/history").getBody()).as("nothing logged").hasSize(2);

        JsonNode run = ran(sluice.exchangeId(maintenance(table), "{\"operation\": \"vacuum\", \"retentionHours\": 0}"));
        assertThat(run.get("metrics").get("filesRemoved").asLong()).isEqualTo(1);
        assertThat(run.get("metrics").get("bytesRemoved").asLong()).isEqualTo(preview.get("bytesRemoved").asLong());
        assertThat(replaced).doesNotExist();
    }

    @Test
    void keepChangesBelowOneShouldBeRefusedAndRecordNothing() {
        String table = SluiceClient.uniqueTable("retain_bad");
        ok(write(table, "append", PARQUET, row(1, "2024-08-01")));
        long runs = sluice.get("/api/v1/runs?table=" + table).getBody().get("total").asLong();
        for (String query : List.of("", "?dryRun=true")) {
            ResponseEntity<JsonNode> refused = sluice.post(maintenance(table) + query, "{\"operation\": \"vacuum\", \"keepChanges\": 0}");
            assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
            assertThat(refused.getBody().toString()).contains("keepChanges");
        }
        assertThat(sluice.get("/api/v1/runs?table=" + table).getBody().get("total").asLong()).isEqualTo(runs);
    }

    /** What a dry run lists, relative to the table's root. */
    private static List<String> removed(Path root, JsonNode preview) {
        List<String> paths = new ArrayList<>();
        preview.get("removed").forEach(path -> paths.add(root.relativize(local(path.get("path").asString())).toString()));
        return paths;
    }

    /** The data files directly under a directory: where a table without partitions was created. */
    private static List<String> dataFiles(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Files::isRegularFile).map(file -> file.getFileName().toString())
                    .filter(name -> !name.startsWith("_") && !name.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode preview(String table, String body) {
        ResponseEntity<JsonNode> response = sluice.post(maintenance(table) + "?dryRun=true", body);
        assertThat(response.getStatusCode()).as(String.valueOf(response.getBody())).isEqualTo(HttpStatus.OK);
        return response.getBody();
    }

    private static String maintenance(String table) {
        return "/api/v1/tables/" + table + "/maintenance";
    }

    private static Path local(String location) {
        return Path.of(URI.create(location));
    }

    private String write(String table, String strategy, String options, String... rows) {
        return sluice.submit("""
                {"table": "%s", "strategy": "%s", %s "source": {"type": "inline", "schema": "%s", "rows": [%s]}}"""
                .formatted(table, strategy, options.isEmpty() ? "" : options + ",", SCHEMA, String.join(", ", rows)));
    }

    private static String row(long id, String day) {
        return "{\"id\": %d, \"day\": \"%s\"}".formatted(id, day);
    }

    /** Waits for the run to succeed; answers its id. */
    private String ok(String runId) {
        ran(runId);
        return runId;
    }

    private JsonNode ran(String runId) {
        JsonNode run = sluice.awaitEnd(runId);
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        return run;
    }
}
