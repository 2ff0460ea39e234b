package io.sluice.format;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Column;

import io.swagger.v3.oas.annotations.media.Schema;

/** The data files of one partition of a table (the whole table, without partitions), as its format lists them. */
@Schema(description = "A partition's data files: how many, how many are small, and their bytes")
public record PartitionFiles(
        @Schema(description = "The partition as {column: value}, null for null; empty for a table without partitions")
        Map<String, String> partition,
        long files,
        @Schema(description = "Files smaller than the compaction's target size") long smallFiles,
        long bytes) {

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
