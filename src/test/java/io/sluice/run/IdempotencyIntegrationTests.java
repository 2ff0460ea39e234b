package io.sluice.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.sluice.SluiceProperties;
import io.sluice.web.EnumNames;
import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import io.sluice.format.TableCatalog;
import io.sluice.table.TableFormat;
import io.sluice.table.TableName;
import scala.Option;
import tools.jackson.databind.JsonNode;
import io.sluice.run.ledger.RequestHash;

/** Idempotency keys: one logical write per key, however often and however concurrently it is submitted. */
@SluiceIntegrationTest
class IdempotencyIntegrationTests {

    @Autowired
    SluiceClient sluice;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SluiceProperties properties;

    @Autowired
    TableCatalog catalog;

    @Autowired
    SparkSession spark;

    @Test
    void tenReplaysOfAKeyWhileItsRunIsQueuedRunningOrDoneShouldGiveOneRunAndOneCommit() throws Exception {
        String table = SluiceClient.uniqueTable("idem");
        sluice.submitAndAwait(append(table, 1));
        String key = "load-" + table;
        List<Callable<ResponseEntity<JsonNode>>> submissions = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            submissions.add(() -> sluice.submitWithKey(append(table, 2), key));
        }
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<String> ids = new ArrayList<>();
        for (Future<ResponseEntity<JsonNode>> answer : pool.invokeAll(submissions)) {
            assertThat(answer.get().getStatusCode().is2xxSuccessful()).as(answer.get().toString()).isTrue();
            ids.add(answer.get().getBody().get("id").asString());
        }
        pool.shutdown();
        JsonNode run = sluice.awaitEnd(ids.get(0));
        ResponseEntity<JsonNode> afterwards = sluice.submitWithKey(append(table, 2), key);

        assertThat(ids).containsOnly(run.get("id").asString());
        assertThat(afterwards.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(afterwards.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertThat(afterwards.getBody().get("id").asString()).isEqualTo(run.get("id").asString());
        assertThat(run.get("idempotencyKey").asString()).isEqualTo(key);
        assertThat(sluice.rows(table, "id")).containsExactly(Map.of("id", 1), Map.of("id", 2));
        assertThat(sluice.table(table).get("version").asLong()).as("one commit for the key").isEqualTo(1);
        var transactions = deltaLog(table).update(false, Option.empty(), Option.empty())
                .transactions();
        assertThat(transactions.get("sluice-key-" + RequestHash.of(key).substring(0, 32)).isDefined())
                .as("Delta recorded the key's app id with the commit, so it would skip a second write").isTrue();
    }

    @Test
    void aKeyReusedWithAnotherRequestShouldConflictAndAKeyInBodyAndHeaderMustAgree() {
        String table = SluiceClient.uniqueTable("idem_conflict");
        sluice.awaitEnd(sluice.submitWithKey(append(table, 1), "k-" + table).getBody().get("id").asString());

        ResponseEntity<JsonNode> other = sluice.submitWithKey(append(table, 99), "k-" + table);
        assertThat(other.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(other.getBody().get("type").asString()).isEqualTo("urn:sluice:problem:conflict");
        assertThat(other.getBody().get("detail").asString()).contains("different request");

        ResponseEntity<JsonNode> body = sluice.post("/api/v1/runs", append(table, 1).replace("{\"table\"",
                "{\"idempotencyKey\": \"k-" + table + "\", \"table\""));
        assertThat(body.getStatusCode()).as("the body field is the same key").isEqualTo(HttpStatus.OK);

        ResponseEntity<JsonNode> differing = sluice.submitWithKey(append(table, 1).replace("{\"table\"", "{\"idempotencyKey\": \"a\", \"table\""), "b");
        assertThat(differing.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(sluice.rows(table, "id")).containsExactly(Map.of("id", 1));
    }

    @Test
    void aFailedAttemptShouldBeRetriedAsANewRunLinkedToIt() throws Exception {
        String table = SluiceClient.uniqueTable("idem_retry");
        Path csv = properties.resolve("inbox").resolve(table).resolve("late.csv");
        String request = """
                {"table": "%s", "strategy": "append", "source": {"type": "files", "format": "csv", "path": "%s", "schema": "id BIGINT"}}"""
                .formatted(table, csv);
        JsonNode failed = sluice.awaitEnd(sluice.submitWithKey(request, "late-" + table).getBody().get("id").asString());
        assertThat(failed.get("status").asString()).isEqualTo("FAILED");

        Files.createDirectories(csv.getParent());
        Files.writeString(csv, "7\n");
        ResponseEntity<JsonNode> retry = sluice.submitWithKey(request, "late-" + table);
        assertThat(retry.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        JsonNode succeeded = sluice.awaitEnd(retry.getBody().get("id").asString());

        assertThat(succeeded.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(succeeded.get("retryOf").asString()).isEqualTo(failed.get("id").asString());
        assertThat(sluice.submitWithKey(request, "late-" + table).getBody().get("id").asString()).isEqualTo(succeeded.get("id").asString());
        assertThat(sluice.rows(table, "id")).containsExactly(Map.of("id", 7));
    }

    /**
     * An attempt that committed but was recorded as failed, its watermark not advanced (a crash between
     * the commit and the ledger): its retry must not write again, and takes the watermark from the commit.
     */
    @ParameterizedTest
    @EnumSource(TableFormat.class)
    void aRetryShouldNotWriteAgainWhenTheFailedAttemptHadCommitted(TableFormat format) {
        String table = SluiceClient.uniqueTable("idem_committed");
        sluice.submitAndAwait("""
                {"table": "%s", "format": "%s", "strategy": "append", "partitionBy": ["day"],
                 "source": {"type": "inline", "schema": "id BIGINT, day STRING", "rows": [{"id": 1, "day": "a"}]}}"""
                .formatted(table, EnumNames.of(format)));
        String merge = """
                {"table": "%s", "strategy": "merge", "keys": ["id"], "watermark": {"column": "id"},
                 "source": {"type": "inline", "schema": "id BIGINT, day STRING", "rows": [{"id": 2, "day": "a"}]}}""".formatted(table);
        JsonNode first = sluice.awaitEnd(sluice.submitWithKey(merge, "m-" + table).getBody().get("id").asString());
        jdbc.sql("UPDATE sluice_run SET status = 'FAILED', exit_code = 'INTERRUPTED' WHERE id = :id")
                .param("id", first.get("id").asString()).update();
        jdbc.sql("DELETE FROM sluice_watermark WHERE table_name = :table").param("table", table).update();

        JsonNode retry = sluice.awaitEnd(sluice.submitWithKey(merge, "m-" + table).getBody().get("id").asString());

        assertThat(retry.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(retry.get("retryOf").asString()).isEqualTo(first.get("id").asString());
        assertThat(retry.get("metrics").get("rowsInserted").asLong()).as("the earlier attempt's commit").isEqualTo(1);
        assertThat(retry.get("watermark").get("after").asString()).isEqualTo("2");
        assertThat(sluice.table(table).get("watermarks").get(0).get("value").asString()).as("from the commit's metadata").isEqualTo("2");
        if (format == TableFormat.DELTA) {
            assertThat(deltaLog(table).update(false, Option.empty(), Option.empty())
                    .transactions().get("sluice-key-" + RequestHash.of("m-" + table).substring(0, 32)).isDefined())
                    .as("Delta's MERGE recorded the key's app id too").isTrue();
            assertThat(retry.get("tableVersionAfter").asLong()).isEqualTo(first.get("tableVersionAfter").asLong());
            assertThat(sluice.table(table).get("version").asLong()).isEqualTo(first.get("tableVersionAfter").asLong());
        }
        assertThat(sluice.rows(table, "id")).containsExactly(Map.of("id", 1, "day", "a"), Map.of("id", 2, "day", "a"));
    }

    /**
     * Once its run left the ledger (sluice.runs.retention), a key is unknown: its replay is a new run. A Delta table still
     * knows the key's transaction id and writes nothing again; a Parquet table has no such record and appends again.
     */
    @ParameterizedTest
    @EnumSource(TableFormat.class)
    void aReplayAfterTheKeysRunExpiredShouldBeANewRun(TableFormat format) {
        String table = SluiceClient.uniqueTable("idem_expired");
        String body = """
                {"table": "%s", "format": "%s", "strategy": "append",
                 "source": {"type": "inline", "schema": "id BIGINT", "rows": [{"id": 1}]}}""".formatted(table, EnumNames.of(format));
        JsonNode first = sluice.awaitEnd(sluice.submitWithKey(body, "x-" + table).getBody().get("id").asString());
        jdbc.sql("DELETE FROM sluice_idempotency_key WHERE idempotency_key = :key").param("key", "x-" + table).update();
        jdbc.sql("DELETE FROM sluice_run WHERE id = :id").param("id", first.get("id").asString()).update();

        ResponseEntity<JsonNode> replay = sluice.submitWithKey(body, "x-" + table);
        JsonNode run = sluice.awaitEnd(replay.getBody().get("id").asString());

        assertThat(replay.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(run.get("id").asString()).isNotEqualTo(first.get("id").asString());
        assertThat(run.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("metrics").get("rowsOutput").asLong()).isEqualTo(format == TableFormat.DELTA ? 0 : 1);
        if (format == TableFormat.DELTA) {
            assertThat(run.get("tableVersionAfter").asLong()).as("no commit").isEqualTo(first.get("tableVersionAfter").asLong());
        }
        assertThat(sluice.rows(table, "id")).containsExactlyElementsOf(format == TableFormat.DELTA ? List.of(Map.<String, Object>of("id", 1))
                : List.of(Map.<String, Object>of("id", 1), Map.<String, Object>of("id", 1)));
    }

    private static String append(String table, long id) {
        return """
                {"table": "%s", "strategy": "append", "source": {"type": "inline", "schema": "id BIGINT", "rows": [{"id": %d}]}}"""
                .formatted(table, id);
    }

    private DeltaLog deltaLog(String table) {
        return DeltaLog.forTable(spark, new org.apache.hadoop.fs.Path(catalog.state(spark, TableName.parse("table", table)).orElseThrow().location()));
    }
}
