package io.sluice.run.maintenance;

import java.util.ArrayList;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** A table's own maintenance policy as an operator sets it and the ledger stores it: null keeps the sluice.maintenance default. */
@Schema(description = "A table's own maintenance policy: each field given overrides its default; a field left out keeps the default")
public record PolicyOverrides(
        @Schema(description = "Compact after a write leaves at least minFiles small files in a partition it touched "
                + "(default sluice.maintenance.auto.enabled)", example = "true") Boolean autoCompact,
        @Schema(description = "At least 2 (default sluice.maintenance.compact.min-files)", example = "4") Integer minFiles,
        @Schema(description = "Bytes, at least 1 MiB; smaller files are small (default sluice.maintenance.compact.target-file-size)",
                example = "134217728") Long targetFileSize,
        @Schema(description = "Vacuum on a schedule, Delta tables only (default sluice.maintenance.auto.enabled)", example = "true")
        Boolean autoVacuum,
        @Schema(description = "Hours between two vacuums, at least 1 (default sluice.maintenance.auto.vacuum-interval)", example = "24")
        Long vacuumIntervalHours,
        @Schema(description = "A scheduled vacuum keeps every file a version of the last this many hours reads; at least "
                + "sluice.maintenance.vacuum.min-retention (default sluice.maintenance.vacuum.retention)", example = "168")
        Long retentionHours) {

    public static final PolicyOverrides NONE = new PolicyOverrides(null, null, null, null, null, null);

    /** The names of the fields this policy sets, in their order. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        add(names, "autoCompact", autoCompact);
        add(names, "minFiles", minFiles);
        add(names, "targetFileSize", targetFileSize);
        add(names, "autoVacuum", autoVacuum);
        add(names, "vacuumIntervalHours", vacuumIntervalHours);
        add(names, "retentionHours", retentionHours);
        return names;
    }

    private static void add(List<String> names, String name, Object value) {
        if (value != null) {
            names.add(name);
        }
    }
}
