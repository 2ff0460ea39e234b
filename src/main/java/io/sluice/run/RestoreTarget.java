package io.sluice.run;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/** Where a restore takes a table: a Delta version, the version current at a time, or back before one run. */
@Schema(description = "Restore to a version, or to the version current at a timestamp (Delta tables)")
public record RestoreTarget(
        @Schema(description = "A Delta version of the table", example = "3") Long version,
        @Schema(description = "The table as it was at this time", example = "2024-08-01T12:00:00Z") OffsetDateTime timestamp,
        @Schema(hidden = true) UUID rollbackOf) implements TableOperation {

    public static RestoreTarget rollback(UUID run) {
        return new RestoreTarget(null, null, run);
    }

    @Override
    public RunKind kind() {
        return RunKind.RESTORE;
    }

    @Override
    public String describe() {
        return rollbackOf != null ? "rollback of run " + rollbackOf
                : version != null ? "version " + version + " of the table" : "the table as of " + timestamp;
    }
}
