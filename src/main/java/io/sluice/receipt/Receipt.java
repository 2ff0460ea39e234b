package io.sluice.receipt;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Where each source row of a run went. Every row read lands in exactly one of the counts after it, so that
 * {@code rowsRead = rowsBelowWatermark + rowsDroppedAsDuplicates + rowsDroppedByExpectations + rowsQuarantined + rowsInserted
 * + rowsUpdated + rowsUnchanged + rowsDeleting}; {@code rowsDeleted} (the table's rows a write removed) stands beside.
 * {@code balanced} is whether the write's own counts (the engine's commit metrics, or what the write observed) fit the rows
 * Sluice handed it, which a keyed run counts independently of the engine: false is a bug, and is logged as one.
 */
@Schema(description = "Where each source row went: rowsRead = rowsBelowWatermark + rowsDroppedAsDuplicates + rowsDroppedByExpectations"
        + " + rowsQuarantined + rowsInserted + rowsUpdated + rowsUnchanged + rowsDeleting")
public record Receipt(
        @Schema(description = "Rows the source gave, malformed records included") long rowsRead,
        @Schema(description = "Rows at or below the watermark: loaded before") long rowsBelowWatermark,
        @Schema(description = "Rows dropped as repeats of a key (duplicates=keep_latest), or change events a later event of their key"
                + " replaced in the batch (apply_changes)") long rowsDroppedAsDuplicates,
        @Schema(description = "Rows a drop expectation left out") long rowsDroppedByExpectations,
        @Schema(description = "Rows written to the quarantine table, malformed records included") long rowsQuarantined,
        @Schema(description = "Rows that became new rows of the table (with history: new versions)") long rowsInserted,
        @Schema(description = "Rows that changed a row of the table with their key") long rowsUpdated,
        @Schema(description = "Rows that changed nothing: a merge's rows equal to the table's, keys whenMatched or whenNotMatched"
                + " ignore, change events older than the table's or changing no tracked column") long rowsUnchanged,
        @Schema(description = "Rows that deleted the table's row with their key: whenMatched delete, apply_changes' deletes")
        long rowsDeleting,
        @Schema(description = "The table's rows the write removed (replaced partitions, deletes), beside the identity") long rowsDeleted,
        @Schema(description = "Whether the write's own counts add up to the rows it was given") boolean balanced) {

    /** A run that found nothing to read. */
    public static final Receipt NOTHING = of(0, 0, 0, 0, 0, WrittenRows.NONE, 0);

    /**
     * The receipt of a run that read {@code read} rows and handed {@code given} of them to a write that counted
     * {@code written}. The rows missing between the two went below the watermark; the rows given that the write changed
     * nothing with are those it did not count as inserted, updated, deleting or superseded (Delta's {@code numSourceRows}
     * leaves out rows with a null key, so the engine's own count of them is not used).
     */
    public static Receipt of(long read, long given, long duplicates, long droppedByExpectations, long quarantined, WrittenRows written,
            long deleted) {
        long below = read - given - duplicates - droppedByExpectations - quarantined;
        long unchanged = given - written.inserted() - written.updated() - written.deleting() - written.superseded();
        return new Receipt(read, below, duplicates + written.superseded(), droppedByExpectations, quarantined, written.inserted(),
                written.updated(), unchanged, written.deleting(), deleted, below >= 0 && unchanged >= 0);
    }

    /** Whether the identity holds. */
    public boolean adds() {
        return rowsRead == rowsBelowWatermark + rowsDroppedAsDuplicates + rowsDroppedByExpectations + rowsQuarantined + rowsInserted
                + rowsUpdated + rowsUnchanged + rowsDeleting;
    }
}
