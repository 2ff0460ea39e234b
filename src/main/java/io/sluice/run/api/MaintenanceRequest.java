package io.sluice.run.api;

import io.swagger.v3.oas.annotations.media.Schema;

/** A maintenance run as a request asks for it; thresholds it leaves out come from {@code sluice.maintenance}. */
@Schema(description = "A maintenance run: compact the partitions with many small files")
public record MaintenanceRequest(
        @Schema(description = "What to do", requiredMode = Schema.RequiredMode.REQUIRED) Operation operation,
        @Schema(description = "Compact a partition holding at least this many small files (default sluice.maintenance.compact.min-files)",
                example = "4") Integer minFiles,
        @Schema(description = "Bytes a compacted file aims at; smaller files are small (default sluice.maintenance.compact.target-file-size)",
                example = "134217728") Long targetFileSize) {

    public enum Operation {
        COMPACT
    }
}
