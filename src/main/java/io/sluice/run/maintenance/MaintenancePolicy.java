package io.sluice.run.maintenance;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.sluice.run.Compaction;
import io.sluice.run.Vacuum;
import io.swagger.v3.oas.annotations.media.Schema;

/** The maintenance policy in force for a table: its own overrides, the sluice.maintenance defaults for the rest. */
@Schema(description = "The maintenance policy in force for a table; overrides names the fields the table sets, the others are defaults")
public record MaintenancePolicy(
        String table,
        @Schema(description = "A write that leaves at least minFiles small files in a partition it touched is followed by a compaction")
        boolean autoCompact,
        int minFiles,
        @Schema(description = "Bytes; smaller files are small") long targetFileSize,
        @Schema(description = "The table is vacuumed every vacuumIntervalHours") boolean autoVacuum,
        long vacuumIntervalHours,
        @Schema(description = "What a scheduled vacuum keeps: every file a version of the last this many hours reads") long retentionHours,
        @Schema(description = "The fields the table's own policy sets", example = "[\"minFiles\"]") List<String> overrides) {

    public MaintenancePolicy {
        overrides = List.copyOf(overrides);
    }

    /** The compaction an automatic run after run {@code after} makes. */
    public Compaction compaction(UUID after) {
        return new Compaction(minFiles, targetFileSize, after);
    }

    /** The vacuum the schedule queues; on a Parquet table it keeps the restores of the newest {@code keepChanges} changes too. */
    public Vacuum scheduledVacuum(int keepChanges) {
        return new Vacuum(Duration.ofHours(retentionHours), keepChanges, true);
    }

    public Duration vacuumInterval() {
        return Duration.ofHours(vacuumIntervalHours);
    }
}
