package io.sluice.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import io.sluice.table.TableFormat;
import io.sluice.web.EnumNames;
import tools.jackson.databind.JsonNode;

/**
 * An incremental files source reads each file once: the files a run loaded are recorded with its success, the next run
 * reads only the new ones, a file that changed since is reported (skipped, or read again when asked), and a run that
 * fails, or is undone, loads nothing as far as the next run can tell.
 */
@SluiceIntegrationTest
class IncrementalFilesIntegrationTests {

    @Autowired
    SluiceClient sluice;
    @Autowired
    JdbcClient jdbc;
    @Value("${sluice.data-dir}")
    Path dataDir;

    @ParameterizedTest
    @EnumSource(TableFormat.class)
    void threeRunsOverAGrowingInboxShouldLoadEachFileOnce(TableFormat format) throws Exception {
        Path inbox = inbox();
        String table = SluiceClient.uniqueTable("incr_files");
        write(inbox, "day1.csv", "id,name\n1,ada\n2,grace\n");
        JsonNode first = sluice.submitAndAwait(append(table, format, inbox, ""));
        write(inbox, "day2.csv", "id,name\n3,edsger\n");
        JsonNode plan = sluice.post("/api/v1/runs?dryRun=true", append(table, format, inbox, "")).getBody();
        JsonNode second = sluice.submitAndAwait(append(table, format, inbox, ""));
        JsonNode third = sluice.submitAndAwait(append(table, format, inbox, ""));

        assertThat(List.of(first, second, third)).extracting(run -> run.get("status").asString()).containsOnly("SUCCEEDED");
        assertThat(first.get("metrics").get("rowsOutput").asLong()).isEqualTo(2);
        assertThat(second.get("metrics").get("rowsOutput").asLong()).isEqualTo(1);
        assertThat(third.get("metrics").get("rowsOutput").asLong()).as("nothing new").isZero();
        assertThat(second.get("files").toString()).isEqualTo("""
                {"listed":2,"chosen":1,"alreadyLoaded":1,"changed":0,"changedPaths":[],"changedReloaded":false}""");
        assertThat(plan.get("files").toString()).as("the dry run names the files the run then read").isEqualTo("""
                {"load":{"listed":2,"chosen":1,"alreadyLoaded":1,"changed":0,"changedPaths":[],"changedReloaded":false},\
                "toLoad":["%s"]}""".formatted(inbox.resolve("day2.csv")));
        assertThat(plan.get("rowsIn").asLong()).isEqualTo(1);
        assertThat(third.get("files").get("chosen").asInt()).isZero();
        assertThat(third.get("tableVersionAfter")).as("no commit").isEqualTo(third.get("tableVersionBefore"));
        assertThat(sluice.rows(table, "id")).containsExactly(row(1, "ada"), row(2, "grace"), row(3, "edsger"));

        JsonNode files = sluice.get("/api/v1/tables/" + table + "/files").getBody();
        assertThat(files.get("total").asLong()).isEqualTo(2);
        assertThat(files.get("files").get(0).get("path").asString()).isEqualTo(inbox.resolve("day1.csv").toString());
        assertThat(files.get("files").get(0).get("runId").asString()).isEqualTo(first.get("id").asString());
        assertThat(files.get("files").get(1).get("runId").asString()).isEqualTo(second.get("id").asString());
    }

    @ParameterizedTest
    @EnumSource(TableFormat.class)
    void aFileChangedAfterItWasLoadedShouldBeReportedAndSkippedOrReloadedWhenAsked(TableFormat format) throws Exception {
        Path inbox = inbox();
        String table = SluiceClient.uniqueTable("incr_changed");
        Path day1 = write(inbox, "day1.csv", "id,name\n1,ada\n2,grace\n");
        sluice.submitAndAwait(merge(table, format, inbox, ""));
        write(inbox, "day1.csv", "id,name\n1,ada\n2,grace hopper\n4,barbara\n");

        JsonNode skipped = sluice.submitAndAwait(merge(table, format, inbox, ""));

        assertThat(skipped.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(skipped.get("files").get("changed").asInt()).isEqualTo(1);
        assertThat(skipped.get("files").get("changedPaths").get(0).asString()).isEqualTo(day1.toString());
        assertThat(skipped.get("files").get("chosen").asInt()).isZero();
        assertThat(sluice.rows(table, "id")).containsExactly(row(1, "ada"), row(2, "grace"));

        JsonNode reloaded = sluice.submitAndAwait(merge(table, format, inbox, ", \"onChanged\": \"reload\""));

        assertThat(reloaded.get("files").get("changedReloaded").asBoolean()).isTrue();
        assertThat(reloaded.get("metrics").get("rowsInserted").asLong()).isEqualTo(1);
        assertThat(sluice.rows(table, "id")).containsExactly(row(1, "ada"), row(2, "grace hopper"), row(4, "barbara"));
        JsonNode again = sluice.submitAndAwait(merge(table, format, inbox, ""));
        assertThat(again.get("files").get("alreadyLoaded").asInt()).as("recorded as it was reloaded").isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(TableFormat.class)
    void aFailedRunOrARolledBackOneShouldLeaveItsFilesToTheNextRun(TableFormat format) throws Exception {
        Path inbox = inbox();
        String table = SluiceClient.uniqueTable("incr_undo");
        write(inbox, "day1.csv", "id,name\n1,ada\n");
        sluice.submitAndAwait(append(table, format, inbox, ""));
        write(inbox, "day2.csv", "id,name\nnot-a-number,grace\n");
        JsonNode failed = sluice.submitAndAwait(append(table, format, inbox, ""));
        assertThat(failed.get("status").asString()).isEqualTo("FAILED");
        write(inbox, "day2.csv", "id,name\n2,grace\n");

        JsonNode loaded = sluice.submitAndAwait(append(table, format, inbox, ""));
        assertThat(loaded.get("files").get("chosen").asInt()).as("the failed run loaded nothing").isEqualTo(1);
        JsonNode rollback = sluice.awaitEnd(sluice.exchangeId("/api/v1/runs/" + loaded.get("id").asString() + "/rollback", ""));
        assertThat(rollback.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(sluice.get("/api/v1/tables/" + table + "/files").getBody().get("total").asLong()).isEqualTo(1);

        JsonNode reloaded = sluice.submitAndAwait(append(table, format, inbox, ""));
        assertThat(reloaded.get("files").get("chosen").asInt()).isEqualTo(1);
        assertThat(sluice.rows(table, "id")).containsExactly(row(1, "ada"), row(2, "grace"));
    }

    /** A crash after the commit, before the ledger heard of it: the keyed retry finds the commit and records its files. */
    @ParameterizedTest
    @EnumSource(TableFormat.class)
    void aRetryOfAnAttemptThatCommittedShouldRecordTheFilesThatAttemptLoaded(TableFormat format) throws Exception {
        Path inbox = inbox();
        String table = SluiceClient.uniqueTable("incr_retry");
        write(inbox, "day1.csv", "id,name\n1,ada\n");
        sluice.submitAndAwait(append(table, format, inbox, ""));
        write(inbox, "day2.csv", "id,name\n2,grace\n");
        String key = "files-" + table;
        JsonNode first = sluice.awaitEnd(sluice.submitWithKey(append(table, format, inbox, ""), key).getBody().get("id").asString());
        jdbc.sql("UPDATE sluice_run SET status = 'FAILED', exit_code = 'INTERRUPTED' WHERE id = :id")
                .param("id", first.get("id").asString()).update();
        jdbc.sql("DELETE FROM sluice_loaded_file WHERE run_id = :id").param("id", first.get("id").asString()).update();
        write(inbox, "day3.csv", "id,name\n3,edsger\n");

        JsonNode retry = sluice.awaitEnd(sluice.submitWithKey(append(table, format, inbox, ""), key).getBody().get("id").asString());

        assertThat(retry.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(retry.get("retryOf").asString()).isEqualTo(first.get("id").asString());
        assertThat(retry.get("files").get("chosen").asInt()).as("the committed attempt's choice").isEqualTo(1);
        JsonNode next = sluice.submitAndAwait(append(table, format, inbox, ""));
        assertThat(next.get("files").get("chosen").asInt()).as("only day3 is new").isEqualTo(1);
        assertThat(sluice.rows(table, "id")).containsExactly(row(1, "ada"), row(2, "grace"), row(3, "edsger"));
    }

    private Path inbox() throws Exception {
        return Files.createDirectories(dataDir.toAbsolutePath().normalize().toRealPath().resolve("inbox")
                .resolve("incr_" + UUID.randomUUID().toString().substring(0, 8)));
    }

    /** Writes the file with a modification time of its own, so that a rewrite within a second is still a change. */
    private static Path write(Path inbox, String name, String text) throws Exception {
        Path file = Files.writeString(inbox.resolve(name), text);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusMillis(System.nanoTime() % 1000)));
        return file;
    }

    private static String append(String table, TableFormat format, Path inbox, String extra) {
        return run(table, format, "\"strategy\": \"append\"", inbox, extra);
    }

    private static String merge(String table, TableFormat format, Path inbox, String extra) {
        return run(table, format, "\"strategy\": \"merge\", \"keys\": [\"id\"]", inbox, extra);
    }

    private static String run(String table, TableFormat format, String strategy, Path inbox, String extra) {
        return """
                {"table": "%s", "format": "%s", %s,
                 "source": {"type": "files", "format": "csv", "path": "%s/*.csv", "options": {"header": "true"},
                            "schema": "id BIGINT, name STRING", "incremental": true%s}}""".formatted(table, EnumNames.of(format), strategy,
                inbox, extra);
    }

    private static Map<String, Object> row(long id, String name) {
        return Map.of("id", (int) id, "name", name);
    }
}
