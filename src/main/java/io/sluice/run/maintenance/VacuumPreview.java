package io.sluice.run.maintenance;

import java.util.List;

import io.sluice.format.VacuumPlan;
import io.sluice.run.RunKind;
import io.swagger.v3.oas.annotations.media.Schema;

/** What a vacuum would delete, for a dry run: nothing is deleted and no run is recorded. */
@Schema(description = "What a vacuum would delete now: Delta's files, or a Parquet table's directories; nothing is deleted")
public record VacuumPreview(
        String table,
        @Schema(description = "vacuum") RunKind operation,
        @Schema(description = "The hours of versions kept") long retentionHours,
        @Schema(description = "Parquet: the newest changes whose restores are kept, whatever their age") int keepChanges,
        @Schema(description = "Delta: the data files no version within the retention reads. Parquet: the replaced partition "
                + "directories, earlier table locations and stages no kept version needs, each with the files and bytes under it")
        List<VacuumPlan.Removal> removed,
        @Schema(description = "The leftovers of failed creates moved aside longer ago than sluice.maintenance.orphans.grace")
        List<VacuumPlan.Removal> orphans,
        @Schema(description = "Files removed, orphans' included") long filesRemoved,
        @Schema(description = "Bytes removed, orphans' included") long bytesRemoved,
        @Schema(description = "Parquet: the oldest version a restore may return to after the vacuum; null for Delta")
        Long oldestRestorableVersion) {
}
