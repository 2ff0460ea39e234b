package io.sluice.strategy;

import io.swagger.v3.oas.annotations.media.Schema;

/** What an apply_changes run would do: the events it read and the table rows they would insert, update and delete. */
@Schema(description = "apply_changes: the source's change events and what applying them would do to the table's rows")
public record ChangePreview(
        @Schema(description = "Change events in the source") long events,
        @Schema(description = "Events deleteWhen marks as deletes") long deleteEvents,
        @Schema(description = "Distinct keys the events touch") long keys,
        @Schema(description = "Events of the key with the most events") long mostEventsPerKey,
        @Schema(description = "Table rows (versions, with history) the run would insert") long rowsToInsert,
        @Schema(description = "Table rows the run would update (with history: close, or reopen)") long rowsToUpdate,
        @Schema(description = "Table rows the run would delete") long rowsToDelete) {
}
