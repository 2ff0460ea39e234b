package io.sluice.run.api;

import io.swagger.v3.oas.annotations.media.Schema;

/** A maintenance run as a request asks for it; thresholds it leaves out come from {@code sluice.maintenance}. */
@Schema(description = "A maintenance run: compact the partitions with many small files, or vacuum the files no recent version reads")
public record MaintenanceRequest(
        @Schema(description = "What to do", requiredMode = Schema.RequiredMode.REQUIRED) Operation operation,
        @Schema(description = "Compact a partition holding at least this many small files (default sluice.maintenance.compact.min-files)",
                example = "4") Integer minFiles,
        @Schema(description = "Bytes a compacted file aims at; smaller files are small (default sluice.maintenance.compact.target-file-size)",
                example = "134217728") Long targetFileSize,
        @Schema(description = "Vacuum: keep every file a version of the last this many hours reads (default "
                + "sluice.maintenance.vacuum.retention, at least sluice.maintenance.vacuum.min-retention)", example = "168")
        Long retentionHours,
        @Schema(description = "Vacuum of a Parquet table: also keep what the restores of this many newest changes need, whatever "
                + "their age (default sluice.maintenance.vacuum.keep-changes, at least 1)", example = "10") Integer keepChanges) {

    public enum Operation {
        COMPACT, VACUUM
    }
}
