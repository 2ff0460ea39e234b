package io.sluice.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.sluice.write.RunMetrics;

/** A Delta commit's own metrics as a run reports them, and the run's fields read back from userMetadata. */
class CommitInfoTests {

    static CommitInfo commit(String operation, Map<String, String> metrics) {
        return new CommitInfo(3, Instant.parse("2024-08-01T10:00:00Z"), operation, metrics, null);
    }

    static CommitInfo withUserMetadata(String userMetadata) {
        return new CommitInfo(3, Instant.parse("2024-08-01T10:00:00Z"), "WRITE", Map.of(), userMetadata);
    }

    @Test
    void shouldCountEveryRowABlindWriteOutputsAsInserted() {
        var metrics = commit("WRITE", Map.of("numOutputRows", "10", "numFiles", "2", "numOutputBytes", "2048")).toRunMetrics();

        assertThat(metrics).isEqualTo(new RunMetrics(10L, 10L, null, null, 2L, null, 2048L, null, null, null));
    }

    @Test
    void shouldReportTheRowsAndFilesAnOverwriteRemoved() {
        var metrics = commit("WRITE", Map.of("numOutputRows", "4", "numFiles", "1", "numOutputBytes", "900", "numRemovedFiles", "3",
                "numDeletedRows", "7")).toRunMetrics();

        assertThat(metrics).isEqualTo(new RunMetrics(4L, 4L, null, 7L, 1L, 3L, 900L, null, null, null));
    }

    @Test
    void shouldCountOutputRowsAsInsertedWhenATableIsCreatedOrReplacedFromAQuery() {
        assertThat(commit("CREATE TABLE AS SELECT", Map.of("numOutputRows", "5")).toRunMetrics().rowsInserted()).isEqualTo(5L);
        assertThat(commit("CREATE OR REPLACE TABLE AS SELECT", Map.of("numOutputRows", "6")).toRunMetrics().rowsInserted())
                .isEqualTo(6L);
        assertThat(commit("REPLACE TABLE AS SELECT", Map.of("numOutputRows", "7")).toRunMetrics().rowsInserted()).isEqualTo(7L);
    }

    @Test
    void shouldTakeAMergesTargetCountsRatherThanItsOutputRows() {
        var metrics = commit("MERGE", Map.of("numOutputRows", "9", "numTargetRowsInserted", "2", "numTargetRowsUpdated", "3",
                "numTargetRowsDeleted", "1", "numTargetFilesAdded", "4", "numTargetFilesRemoved", "2", "numTargetBytesAdded", "4096"))
                .toRunMetrics();

        assertThat(metrics).isEqualTo(new RunMetrics(9L, 2L, 3L, 1L, 4L, 2L, 4096L, null, null, null));
    }

    @Test
    void shouldNotCountOutputRowsAsInsertedWhenTheOperationIsNotAWrite() {
        // a merge's output rows are inserted and rewritten rows together: never the inserted count
        var metrics = commit("MERGE", Map.of("numOutputRows", "9")).toRunMetrics();

        assertThat(metrics.rowsOutput()).isEqualTo(9L);
        assertThat(metrics.rowsInserted()).isNull();
    }

    @Test
    void shouldPreferTheTargetMetricWhenACommitReportsSeveralNamesForOneCount() {
        var metrics = commit("MERGE", Map.of("numTargetFilesAdded", "4", "numAddedFiles", "40", "numFiles", "400",
                "numTargetRowsUpdated", "1", "numUpdatedRows", "10")).toRunMetrics();

        assertThat(metrics.filesAdded()).isEqualTo(4L);
        assertThat(metrics.rowsUpdated()).isEqualTo(1L);
    }

    @Test
    void shouldReadADeletesAndAnUpdatesOwnMetricNames() {
        assertThat(commit("DELETE", Map.of("numDeletedRows", "5", "numRemovedFiles", "2", "numAddedFiles", "1")).toRunMetrics())
                .isEqualTo(new RunMetrics(null, null, null, 5L, 1L, 2L, null, null, null, null));
        assertThat(commit("UPDATE", Map.of("numUpdatedRows", "3", "numAddedBytes", "512")).toRunMetrics())
                .isEqualTo(new RunMetrics(null, null, 3L, null, null, null, 512L, null, null, null));
    }

    @Test
    void shouldReportARestoresFilesAsAddedAndRemoved() {
        var metrics = commit("RESTORE", Map.of("numRestoredFiles", "3", "restoredFilesSize", "3000", "numRemovedFiles", "2"))
                .toRunMetrics();

        assertThat(metrics).isEqualTo(new RunMetrics(null, null, null, null, 3L, 2L, 3000L, null, null, null));
    }

    @Test
    void shouldLeaveEveryCountNullWhenTheCommitReportsNoMetrics() {
        assertThat(commit("WRITE", Map.of()).toRunMetrics()).isEqualTo(RunMetrics.NONE);
    }

    @Test
    void shouldReadTheTextFieldsSluiceWritesIntoUserMetadata() {
        var commit = withUserMetadata("{\"runId\":\"0b6f3c1e-0000-4000-8000-000000000001\",\"idempotencyKey\":\"load-1\"}");

        assertThat(commit.userMetadataFields()).containsOnly(Map.entry("runId", "0b6f3c1e-0000-4000-8000-000000000001"),
                Map.entry("idempotencyKey", "load-1"));
        assertThat(commit.userMetadataField("idempotencyKey")).isEqualTo("load-1");
        assertThat(commit.userMetadataField("retryOf")).isNull();
    }

    @Test
    void shouldSkipFieldsOfUserMetadataThatAreNotText() {
        var commit = withUserMetadata("{\"runId\":\"r1\",\"attempt\":2,\"dryRun\":false,\"tags\":{\"a\":\"b\"},\"none\":null}");

        assertThat(commit.userMetadataFields()).containsOnly(Map.entry("runId", "r1"));
    }

    @Test
    void shouldReadNoFieldsFromSomeoneElsesUserMetadata() {
        assertThat(withUserMetadata(null).userMetadataFields()).isEmpty();
        assertThat(withUserMetadata("nightly load by the warehouse team").userMetadataFields()).isEmpty();
        assertThat(withUserMetadata("[\"runId\"]").userMetadataFields()).isEmpty();
        assertThat(withUserMetadata("{not json").userMetadataFields()).isEmpty();
        assertThat(withUserMetadata("{not json").userMetadataField("runId")).isNull();
    }
}
