package io.sluice.table.api;

import java.util.List;

import io.sluice.format.CurrentData;
import io.sluice.table.DeltaProtocol;
import io.sluice.table.TableFormat;
import io.sluice.watermark.Watermark;
import io.swagger.v3.oas.annotations.media.Schema;

/** A table as {@code GET /api/v1/tables/{name}} shows it. */
@Schema(description = "A catalog table: format, location, where its current data is, partitioning, schema, row count, current version, oldest restorable version, Delta protocol and "
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
        @Schema(description = "The latest version in the table's history: Delta's version; for Parquet the latest change "
                + "Sluice recorded (0: the create), null if it recorded none") Long version,
        @Schema(description = "The oldest version a restore may return to (a vacuum removed the files of those before it), null "
                + "if Sluice recorded no change") Long oldestRestorableVersion,
        @Schema(description = "What the Delta table requires of readers and writers; null for non-Delta tables") DeltaProtocol protocol,
        @Schema(description = "The table's watermarks: the greatest cursor values loaded") List<Watermark> watermarks) {

    public record Column(String name, String type, boolean nullable) {
    }
}
