package io.sluice.run.maintenance;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import scala.Option;
import tools.jackson.databind.JsonNode;

/**
 * Merges on a Delta table with deletion vectors leave the rows they replaced or deleted in the old files, hidden by a
 * deletion vector. A compaction rewrites the partitions where a file's vector hides more than Delta's
 * optimize.maxDeletedRowsRatio (5%) of its rows, even without minFiles small files: OPTIMIZE purges them when it bins the
 * file with another (one commit), a REORG ... APPLY (PURGE) after it when the file is alone (a second commit, same run).
 */
@SluiceIntegrationTest
class DeletionVectorCompactionIntegrationTests {

    @Autowired
    SluiceClient sluice;

    @Autowired
    SparkSession spark;

    @Test
    void aCompactionShouldPurgeTheDeletionVectorsThatHideMoreThanFivePercentOfAFilesRows() {
        String table = SluiceClient.uniqueTable("compact_dv");
        ok(sluice.submit(write(table, "append", "\"partitionBy\": [\"day\"],", IntStream.rangeClosed(1, 60)
                .mapToObj(id -> row(id, day(id), "v0")).collect(Collectors.joining(", ")))));
        List<Map<String, Object>> original = sluice.rows(table, "id");
        // day 1: 2 of its 20 rows updated (10%, the new values in a file of their own); day 2: 1 deleted (5%, not more);
        // day 3: 2 deleted (10%, its one file)
        ok(sluice.submit(write(table, "merge", "\"keys\": [\"id\"],", row(1, day(1), "v1") + ", " + row(2, day(2), "v1"))));
        ok(sluice.submit(write(table, "merge", "\"keys\": [\"id\"], \"whenMatched\": \"delete\",", row(21, day(21), "gone") + ", "
                + row(41, day(41), "gone") + ", " + row(42, day(42), "gone"))));
        List<Map<String, Object>> merged = sluice.rows(table, "id");
        assertThat(merged).hasSize(57);
        assertThat(merged.get(0)).isEqualTo(Map.of("id", 1, "day", day(1), "v", "v1"));
        assertThat(deletionVectors(table)).containsExactly("2024-08-01", "2024-08-02", "2024-08-03");

        JsonNode preview = preview(table);
        assertThat(partitions(preview.get("compacted"))).as("under minFiles (4) small files, but with rows to purge").containsExactly(
                "2024-08-01: 2 files, 2 deleted rows, 1 to purge", "2024-08-03: 1 files, 2 deleted rows, 1 to purge");
        assertThat(partitions(preview.get("unchanged"))).containsExactly("2024-08-02: 1 files, 1 deleted rows, 0 to purge");

        JsonNode compaction = ok(sluice.exchangeId("/api/v1/tables/" + table + "/maintenance", "{\"operation\": \"compact\"}"));
        JsonNode history = sluice.get("/api/v1/tables/" + table + "/history").getBody();
        assertThat(List.of(history.get(0).get("operation").asString(), history.get(1).get("operation").asString()))
                .as("OPTIMIZE bins day 1's two files; day 3's lone file, which OPTIMIZE leaves, needs REORG's purge")
                .containsExactly("REORG", "OPTIMIZE");
        assertThat(List.of(history.get(0).get("runId").asString(), history.get(1).get("runId").asString()))
                .containsOnly(compaction.get("id").asString());
        assertThat(compaction.get("tableVersionAfter").asLong()).isEqualTo(compaction.get("tableVersionBefore").asLong() + 2);
        assertThat(compaction.get("metrics").get("filesRemoved").asLong()).isEqualTo(3);
        assertThat(compaction.get("metrics").get("filesAdded").asLong()).isEqualTo(2);
        assertThat(deletionVectors(table)).as("days 1 and 3 purged, day 2 left at the ratio").containsExactly("2024-08-02");
        assertThat(sluice.rows(table, "id")).isEqualTo(merged);
        assertThat(partitions(preview(table).get("compacted"))).as("nothing left to purge").isEmpty();

        ok(sluice.exchangeId("/api/v1/tables/" + table + "/restore", "{\"version\": " + compaction.get("tableVersionBefore").asLong() + "}"));
        assertThat(sluice.rows(table, "id")).isEqualTo(merged);
        assertThat(deletionVectors(table)).as("the version before, with its vectors").containsExactly("2024-08-01", "2024-08-02", "2024-08-03");
        ok(sluice.exchangeId("/api/v1/tables/" + table + "/restore", "{\"version\": 0}"));
        assertThat(sluice.rows(table, "id")).isEqualTo(original);
    }

    /** The partitions of the current snapshot's files that carry a deletion vector, one entry a file. */
    private List<String> deletionVectors(String table) {
        DeltaLog log = DeltaLog.forTable(spark, new Path(sluice.table(table).get("location").asString()));
        return log.update(false, Option.empty(), Option.empty()).allFiles().toDF().where(col("deletionVector").isNotNull())
                .select(col("partitionValues").getItem("day")).collectAsList().stream().map(r -> r.getString(0)).sorted().toList();
    }

    private JsonNode preview(String table) {
        ResponseEntity<JsonNode> response = sluice.post("/api/v1/tables/" + table + "/maintenance?dryRun=true", "{\"operation\": \"compact\"}");
        assertThat(response.getStatusCode()).as(String.valueOf(response.getBody())).isEqualTo(HttpStatus.OK);
        return response.getBody();
    }

    private static List<String> partitions(JsonNode partitions) {
        List<String> described = new ArrayList<>();
        partitions.forEach(p -> described.add("%s: %d files, %d deleted rows, %d to purge".formatted(p.get("partition").get("day").asString(),
                p.get("files").asLong(), p.get("deletedRows").asLong(), p.get("filesToPurge").asLong())));
        return described;
    }

    private static String write(String table, String strategy, String options, String rows) {
        return """
                {"table": "%s", "strategy": "%s", %s
                 "source": {"type": "inline", "schema": "id BIGINT, day DATE, v STRING", "rows": [%s]}}""".formatted(table, strategy, options, rows);
    }

    private static String day(long id) {
        return "2024-08-0" + ((id - 1) / 20 + 1);
    }

    private static String row(long id, String day, String v) {
        return "{\"id\": %d, \"day\": \"%s\", \"v\": \"%s\"}".formatted(id, day, v);
    }

    private JsonNode ok(String runId) {
        JsonNode run = sluice.awaitEnd(runId);
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        return run;
    }
}
