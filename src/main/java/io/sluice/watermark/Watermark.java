package io.sluice.watermark;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/** A stored watermark: the greatest cursor value a table has loaded, and the run (or operator) that set it. */
@Schema(description = "The greatest cursor value loaded into a table, advanced only together with a data commit")
public record Watermark(String name, String column, String value,
        @Schema(description = "The run that advanced it; null when an operator set it") UUID runId, OffsetDateTime updatedAt) {
}
