package io.sluice.run;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Counts copied from the engine's commit metrics (Delta {@code operationMetrics}), never recounted;
 * {@code rowsDroppedAsDuplicates} and {@code partitionsReplaced} are Sluice's own, computed exactly.
 */
@Schema(description = "Row and file counts from the table format's own commit metrics; null where the operation reports none")
public record RunMetrics(
        Long rowsOutput,
        Long rowsInserted,
        Long rowsUpdated,
        Long rowsDeleted,
        Long filesAdded,
        Long filesRemoved,
        Long bytesAdded,
        @Schema(description = "Source rows dropped by duplicates=keep_latest") Long rowsDroppedAsDuplicates,
        @Schema(description = "Partitions the run replaced or dropped, as {column: value}") List<Map<String, String>> partitionsReplaced) {

    public static final RunMetrics NONE = new RunMetrics(null, null, null, null, null, null, null, null, null);

    /** A run that found nothing to write: zero rows, no commit. */
    public static final RunMetrics NOTHING_WRITTEN = new RunMetrics(0L, 0L, 0L, 0L, 0L, 0L, 0L, null, List.of());

    /** Adds Sluice's own counts; {@code rowsReplaced} fills rowsDeleted where the commit reported none. */
    public RunMetrics withStrategyCounts(Long droppedAsDuplicates, List<Map<String, String>> partitions, Long rowsReplaced) {
        return new RunMetrics(rowsOutput, rowsInserted, rowsUpdated, rowsDeleted != null ? rowsDeleted : rowsReplaced, filesAdded,
                filesRemoved, bytesAdded, droppedAsDuplicates, partitions);
    }
}
