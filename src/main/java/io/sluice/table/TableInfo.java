package io.sluice.table;

import java.util.List;
import java.util.Map;

import io.sluice.watermark.Watermark;
import io.swagger.v3.oas.annotations.media.Schema;

/** A table as {@code GET /api/v1/tables/{name}} shows it. */
@Schema(description = "A catalog table: format, location, where its current data is, partitioning, schema, row count, current version, Delta protocol and "
        + "watermarks")
public record TableInfo(
        String name,
        TableFormat format,
        String location,
        @Schema(description = "Where the current data is, for engines that read files rather than ask the metastore "
                + "(docs/readers.md)") CurrentData currentData,
        List<String> partitionBy,
        List<Column> columns,
        @Schema(description = "Rows in the current version") Long rowCount,
        @Schema(description = "Current Delta version; null for non-Delta tables") Long version,
        @Schema(description = "What the Delta table requires of readers and writers; null for non-Delta tables") DeltaProtocol protocol,
        @Schema(description = "The table's watermarks: the greatest cursor values loaded") List<Watermark> watermarks) {

    public record Column(String name, String type, boolean nullable) {
    }

    /** Delta: the log is the truth. Parquet: the metastore is, and the symlink manifests publish it. */
    public record CurrentData(
            @Schema(description = "Delta: the transaction log that lists the current files; null for Parquet") String deltaLog,
            @Schema(description = "Parquet: the directory of the table's symlink manifests (Delta's format, one per partition); null "
                    + "for Delta, and for a Parquet table not changed since Sluice began to write them") String symlinkManifest,
            @Schema(description = "Parquet: the directory of each partition's current files (the table's only one without "
                    + "partitions); null for Delta") List<DataDirectory> directories) {
    }

    /** A partition (column to value, null for null; empty without partitions) and the directory holding its current files. */
    public record DataDirectory(Map<String, String> partition, String directory) {
    }
}
