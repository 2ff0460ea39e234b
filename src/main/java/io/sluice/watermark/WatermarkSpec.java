package io.sluice.watermark;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A run's cursor: only source rows whose {@code column} is beyond the stored watermark are loaded
 * (at or beyond it with {@code inclusive}); the first run starts from {@code initial}, or loads all.
 * One watermark per table and {@code name} (by default the column's name).
 */
@Schema(description = "Incremental load: only rows beyond the table's stored watermark on this column are loaded; the new "
        + "watermark, the greatest value loaded, is stored together with the data commit")
public record WatermarkSpec(
        @Schema(description = "The cursor column of the source", example = "last_modified") String column,
        @Schema(description = "Where the first run starts when no watermark is stored yet (a literal of the column's type)",
                example = "2024-01-01T00:00:00Z") String initial,
        @Schema(description = "Load rows equal to the watermark too, dropping those the table already has by key: boundary ties "
                + "are neither lost nor doubled. Needs keys") Boolean inclusive,
        @Schema(description = "Keeps separate watermarks when several sources feed one table; default: the column name")
        String name) {

    public String effectiveName() {
        return name == null || name.isBlank() ? column : name;
    }

    public boolean isInclusive() {
        return Boolean.TRUE.equals(inclusive);
    }
}
