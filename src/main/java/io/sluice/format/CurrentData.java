package io.sluice.format;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/** Where a table's current data is. Delta: the log is the truth. Parquet: the metastore is, and the symlink manifests publish it. */
public record CurrentData(
        @Schema(description = "Delta: the transaction log that lists the current files; null for Parquet") String deltaLog,
        @Schema(description = "Parquet: the directory of the table's symlink manifests (Delta's format, one per partition); null "
                + "for Delta, and for a Parquet table not changed since Sluice began to write them") String symlinkManifest,
        @Schema(description = "Parquet: the directory of each partition's current files (the table's only one without "
                + "partitions); null for Delta") List<DataDirectory> directories) {

    /** A partition (column to value, null for null; empty without partitions) and the directory holding its current files. */
    public record DataDirectory(Map<String, String> partition, String directory) {
    }
}
