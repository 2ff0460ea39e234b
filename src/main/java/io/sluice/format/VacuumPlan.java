package io.sluice.format;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What a vacuum removes: files (Delta) or directories (Parquet: replaced partition directories, earlier table locations,
 * stages), and the oldest version still restorable after it (null: the format keeps no such bound).
 */
public record VacuumPlan(List<Removal> removed, Long restorableFrom) {

    public long files() {
        return removed.stream().mapToLong(Removal::files).sum();
    }

    public long bytes() {
        return removed.stream().mapToLong(Removal::bytes).sum();
    }

    /** A file or directory to delete, with the files and bytes it holds. */
    @Schema(description = "A file or directory a vacuum deletes, with the files and bytes in it")
    public record Removal(String path, long files, long bytes) {
    }
}
