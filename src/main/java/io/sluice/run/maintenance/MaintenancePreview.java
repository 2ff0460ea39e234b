package io.sluice.run.maintenance;

import java.util.List;

import io.sluice.format.PartitionFiles;
import io.sluice.run.RunKind;
import io.swagger.v3.oas.annotations.media.Schema;

/** What a maintenance run would do, for a dry run: nothing is written and no run is recorded. */
@Schema(description = "What a maintenance run would do: the partitions it would compact and those it would leave")
public record MaintenancePreview(
        String table,
        RunKind operation,
        int minFiles,
        long targetFileSize,
        @Schema(description = "The partitions with at least minFiles files under targetFileSize bytes, or a file to purge of deleted rows") List<PartitionFiles> compacted,
        @Schema(description = "The partitions left as they are") List<PartitionFiles> unchanged) {
}
