package io.sluice.loadedfiles;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/** A file an incremental files source loaded into a table: as it was when loaded, and by which run. */
@Schema(description = "A file loaded into the table by an incremental files source")
public record LoadedFile(String path, long sizeBytes, OffsetDateTime modifiedAt, UUID runId, OffsetDateTime loadedAt) {
}
