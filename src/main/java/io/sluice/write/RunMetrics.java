package io.sluice.write;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Counts copied from the engine's commit metrics (Delta {@code operationMetrics}), never recounted, or measured exactly by
 * a format without a log (Parquet) while it writes; {@code rowsDroppedAsDuplicates} and {@code partitionsReplaced} are
 * Sluice's own, computed exactly.
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
        @Schema(description = "Bytes the run deleted from storage: a vacuum's files") Long bytesRemoved,
        @Schema(description = "Source rows dropped by duplicates=keep_latest") Long rowsDroppedAsDuplicates,
        @Schema(description = "Partitions the run replaced or dropped, as {column: value}; null where a write replaces none by "
                + "its nature: append, merge, and the run that creates the table") List<Map<String, String>> partitionsReplaced) {

    public static final RunMetrics NONE = new RunMetrics(null, null, null, null, null, null, null, null, null, null);

    /** A run that found nothing to write: zero rows, no commit. */
    public static final RunMetrics NOTHING_WRITTEN = appended(0, 0, 0);

    /** New rows in new files, nothing else changed: a create or an append. */
    public static RunMetrics appended(long rows, long files, long bytes) {
        return new RunMetrics(rows, rows, 0L, 0L, files, 0L, bytes, null, null, null);
    }

    /** Whole partitions replaced: {@code rowsRemoved} rows in {@code filesRemoved} files gave way to {@code rows} new ones. */
    public static RunMetrics replaced(long rows, long rowsRemoved, long filesAdded, long filesRemoved, long bytes,
            List<Map<String, String>> partitions) {
        return new RunMetrics(rows, rows, 0L, rowsRemoved, filesAdded, filesRemoved, bytes, null, null, partitions);
    }

    /** A merge rewrote {@code filesRemoved} files into {@code filesAdded} holding {@code rows} rows. */
    public static RunMetrics merged(long rows, long inserted, long updated, long deleted, long filesAdded, long filesRemoved,
            long bytes) {
        return new RunMetrics(rows, inserted, updated, deleted, filesAdded, filesRemoved, bytes, null, null, null);
    }

    /** A compaction rewrote {@code filesRemoved} files holding {@code rows} rows into {@code filesAdded}; no row changed. */
    public static RunMetrics compacted(long rows, long filesAdded, long filesRemoved, long bytes, List<Map<String, String>> partitions) {
        return new RunMetrics(rows, 0L, 0L, 0L, filesAdded, filesRemoved, bytes, null, null, partitions);
    }

    /** A vacuum deleted {@code files} files of {@code bytes} bytes that no version within the retention reads; no row changed. */
    public static RunMetrics vacuumed(long files, long bytes) {
        return new RunMetrics(null, 0L, 0L, 0L, 0L, files, 0L, bytes, null, null);
    }

    /** Adds the partitions a write replaced; {@code rowsReplaced} fills rowsDeleted where the commit reported none. */
    public RunMetrics withPartitionsReplaced(List<Map<String, String>> partitions, Long rowsReplaced) {
        return new RunMetrics(rowsOutput, rowsInserted, rowsUpdated, rowsDeleted != null ? rowsDeleted : rowsReplaced, filesAdded,
                filesRemoved, bytesAdded, bytesRemoved, rowsDroppedAsDuplicates, partitions);
    }

    /** Adds the source rows duplicates=keep_latest dropped before the write. */
    public RunMetrics withDroppedAsDuplicates(Long dropped) {
        return new RunMetrics(rowsOutput, rowsInserted, rowsUpdated, rowsDeleted, filesAdded, filesRemoved, bytesAdded, bytesRemoved, dropped,
                partitionsReplaced);
    }
}
