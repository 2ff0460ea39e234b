package io.sluice.run.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import io.sluice.support.KernelReader;
import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * A Delta vacuum bounds the log as well as the data: the versions older than its retention lose their files, so their
 * commit files go too, and a restore to one of them is a 409 naming the versions kept. Every version from the oldest
 * restorable one on still reads, through Sluice and through Delta Kernel, and restores.
 */
@SluiceIntegrationTest
class DeltaRetentionIntegrationTests {

    private static final String DELTA = "\"format\": \"delta\", \"partitionBy\": [\"day\"]";

    @Autowired
    SluiceClient sluice;

    @Test
    void aVacuumShouldTrimTheLogBelowTheOldestRestorableVersionAndKeepEveryVersionFromItReadable() {
        String table = SluiceClient.uniqueTable("retain_delta_log");
        List<List<Map<String, Object>>> versions = new ArrayList<>();
        ok(write(table, "append", DELTA, row(1, "2024-08-01"), row(2, "2024-08-02")));
        versions.add(sluice.rows(table, "id"));
        ok(write(table, "drop_partition", "", row(3, "2024-08-01")));
        versions.add(sluice.rows(table, "id"));
        ok(write(table, "append", "", row(4, "2024-08-03")));
        versions.add(sluice.rows(table, "id"));
        ok(write(table, "merge", "\"keys\": [\"id\"]", row(2, "2024-08-03"), row(5, "2024-08-02")));
        versions.add(sluice.rows(table, "id"));
        String location = sluice.table(table).get("location").asString();
        Path log = Path.of(URI.create(location)).resolve("_delta_log");

        JsonNode kept = ok(vacuum(table, "{\"operation\": \"vacuum\", \"retentionHours\": 1000}"));
        assertThat(kept.get("metrics").get("filesRemoved").asLong()).isZero();
        assertThat(sluice.table(table).get("oldestRestorableVersion").asLong()).as("every version is within the retention").isZero();
        assertThat(log.resolve(commit(0))).exists();
        age(log, Duration.ofHours(2)); // the log files as a table written two hours ago has them

        String vacuum = "{\"operation\": \"vacuum\", \"retentionHours\": 0}";
        JsonNode preview = preview(table, vacuum);
        assertThat(preview.get("oldestRestorableVersion").asLong()).isEqualTo(5);
        JsonNode run = ok(vacuum(table, vacuum));
        assertThat(run.get("metrics").get("filesRemoved").asLong()).isEqualTo(preview.get("filesRemoved").asLong()).isPositive();
        assertThat(sluice.table(table).get("oldestRestorableVersion").asLong()).isEqualTo(5);
        assertThat(log.resolve(commit(0))).doesNotExist();
        assertThat(log.resolve(commit(4))).doesNotExist();
        assertThat(log.resolve("%020d.checkpoint.parquet".formatted(5))).exists();
        assertThat(sluice.rows(table, "id")).isEqualTo(versions.get(3));
        assertThat(ids(KernelReader.read(location).rows())).isEqualTo(ids(versions.get(3)));
        assertThat(ids(KernelReader.read(location, 5).rows())).as("the oldest version kept").isEqualTo(ids(versions.get(3)));

        ResponseEntity<JsonNode> refused = sluice.post("/api/v1/tables/" + table + "/restore", "{\"version\": 4}");
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(refused.getBody().get("detail").asString()).startsWith("table " + table + " keeps versions 5 to 7: version 4's files "
                + "were removed by the vacuum run " + run.get("id").asString());
        assertThat(sluice.rows(table, "id")).as("nothing changed").isEqualTo(versions.get(3));

        ok(sluice.exchangeId("/api/v1/tables/" + table + "/restore", "{\"version\": 5}"));
        assertThat(sluice.rows(table, "id")).isEqualTo(versions.get(3));
    }

    /** Moves every file's modification time back by {@code age}. */
    private static void age(Path directory, Duration age) {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(file, FileTime.from(Files.getLastModifiedTime(file).toInstant().minus(age)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String commit(long version) {
        return "%020d.json".formatted(version);
    }

    private static List<Object> ids(List<Map<String, Object>> rows) {
        return rows.stream().map(row -> (Object) ((Number) row.get("id")).longValue()).sorted().toList();
    }

    private JsonNode preview(String table, String body) {
        ResponseEntity<JsonNode> response = sluice.post("/api/v1/tables/" + table + "/maintenance?dryRun=true", body);
        assertThat(response.getStatusCode()).as(String.valueOf(response.getBody())).isEqualTo(HttpStatus.OK);
        return response.getBody();
    }

    private String vacuum(String table, String body) {
        return sluice.exchangeId("/api/v1/tables/" + table + "/maintenance", body);
    }

    private String write(String table, String strategy, String options, String... rows) {
        return sluice.submit("""
                {"table": "%s", "strategy": "%s", %s "source": {"type": "inline", "schema": "id BIGINT, day DATE", "rows": [%s]}}"""
                .formatted(table, strategy, options.isEmpty() ? "" : options + ",", String.join(", ", rows)));
    }

    private static String row(long id, String day) {
        return "{\"id\": %d, \"day\": \"%s\"}".formatted(id, day);
    }

    private JsonNode ok(String runId) {
        JsonNode run = sluice.awaitEnd(runId);
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        return run;
    }
}
