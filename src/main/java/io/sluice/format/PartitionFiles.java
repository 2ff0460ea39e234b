package io.sluice.format;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Column;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The data files of one partition of a table (the whole table, without partitions), as its format lists them: with the
 * rows its deletion vectors mark deleted (Delta; none on Parquet), and the files marked enough to be rewritten to purge them.
 */
@Schema(description = "A partition's data files: how many, how many are small, their bytes, and the rows deletion vectors hide in them")
public record PartitionFiles(
        @Schema(description = "The partition as {column: value}, null for null; empty for a table without partitions")
        Map<String, String> partition,
        long files,
        @Schema(description = "Files smaller than the compaction's target size") long smallFiles,
        long bytes,
        @Schema(description = "Rows the files' deletion vectors mark deleted, still on storage (Delta; 0 on Parquet)") long deletedRows,
        @Schema(description = "Files whose deletion vector marks more than Delta's optimize.maxDeletedRowsRatio of their rows: a compaction rewrites "
                + "them whatever their size") long filesToPurge) {

    /** A partition without deletion vectors. */
    public PartitionFiles(Map<String, String> partition, long files, long smallFiles, long bytes) {
        this(partition, files, smallFiles, bytes, 0, 0);
    }

    /** {@code p1 <=> v1 AND …} for each partition, or'ed: the rows of these partitions. */
    static Column predicate(List<PartitionFiles> partitions) {
        Column any = lit(false);
        for (PartitionFiles files : partitions) {
            Column all = lit(true);
            for (Map.Entry<String, String> value : files.partition().entrySet()) {
                all = all.and(value.getValue() == null ? col(value.getKey()).isNull() : col(value.getKey()).eqNullSafe(lit(value.getValue())));
            }
            any = any.or(all);
        }
        return any;
    }
}
