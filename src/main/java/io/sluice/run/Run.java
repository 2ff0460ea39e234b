package io.sluice.run;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.sluice.expectation.ExpectationReport;
import io.sluice.loadedfiles.FileLoad;
import io.sluice.receipt.Receipt;
import io.sluice.source.http.PullStats;
import io.sluice.table.TableFormat;
import io.sluice.watermark.WatermarkAdvance;
import io.swagger.v3.oas.annotations.media.Schema;
import io.sluice.write.RunMetrics;

/** One execution as the ledger records it. */
@Schema(description = "A run: its status, timings, table versions, counts and error")
public record Run(
        UUID id,
        RunStatus status,
        String table,
        @Schema(description = "The strategy the run wrote with, or restore for a restore or rollback") RunKind strategy,
        TableFormat format,
        List<String> partitionBy,
        SourceSummary source,
        OffsetDateTime createdAt,
        OffsetDateTime startedAt,
        OffsetDateTime finishedAt,
        @Schema(description = "Table version before the run; null if the table did not exist") Long tableVersionBefore,
        @Schema(description = "Table version the run committed; null if it committed nothing") Long tableVersionAfter,
        RunMetrics metrics,
        RunError error,
        @Schema(description = "A cancel was asked for while the run was running") boolean cancelRequested,
        @Schema(description = "The Idempotency-Key the run was submitted with") String idempotencyKey,
        @Schema(description = "The failed attempt with the same idempotency key that this run retries") UUID retryOf,
        @Schema(description = "The watermark the run advanced, from before to after; null if it has none or loaded nothing new")
        WatermarkAdvance watermark,
        @Schema(description = "The restore or rollback run that undid this run; null while its change stands") UUID undoneBy,
        @Schema(description = "An http source's requests and what they staged: live while running, final after; null for other sources")
        PullStats pull,
        @Schema(description = "An incremental files source's listing: files read, already loaded, changed; null for other sources")
        FileLoad files,
        @Schema(description = "Spark's progress while the run runs; null otherwise") EngineProgress engine,
        @Schema(description = "What the run's expectations counted, per rule; null for a run without any") ExpectationReport expectations,
        @Schema(description = "Where each source row went; null until the run succeeds, and for a run that wrote nothing of its own (a "
                + "restore, maintenance, a retry answered from an earlier commit)") Receipt receipt) {

    public Run {
        metrics = metrics == null ? RunMetrics.NONE : metrics;
        partitionBy = List.copyOf(partitionBy);
    }

    /**
     * A run as it is submitted: QUEUED, not started, nothing written or measured, no error.
     * {@code idempotencyKey} and {@code retryOf} are null unless it was submitted with a key, and retries it.
     */
    public static Run queued(UUID id, String table, RunKind kind, TableFormat format, List<String> partitionBy, SourceSummary source,
            OffsetDateTime createdAt, String idempotencyKey, UUID retryOf) {
        return new Run(id, RunStatus.QUEUED, table, kind, format, partitionBy, source, createdAt, null, null, null, null, null, null,
                false, idempotencyKey, retryOf, null, null, null, null, null, null, null);
    }

    public Run withEngine(EngineProgress progress) {
        return new Run(id, status, table, strategy, format, partitionBy, source, createdAt, startedAt, finishedAt, tableVersionBefore,
                tableVersionAfter, metrics, error, cancelRequested, idempotencyKey, retryOf, watermark, undoneBy, pull, files, progress,
                expectations, receipt);
    }

    /** What the run reads, in a line: its type and a description without secrets. */
    public record SourceSummary(String type, String description) {
    }
}
