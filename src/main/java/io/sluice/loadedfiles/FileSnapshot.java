package io.sluice.loadedfiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** A file as a listing sees it: its size and modification time tell whether it changed since it was loaded. */
public record FileSnapshot(String path, long sizeBytes, OffsetDateTime modifiedAt) {

    public static FileSnapshot of(Path file) {
        try {
            return new FileSnapshot(file.toString(), Files.size(file),
                    Files.getLastModifiedTime(file).toInstant().atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code loaded} is this file as it was loaded, unchanged. */
    public boolean sameAs(LoadedFile loaded) {
        return loaded.sizeBytes() == sizeBytes && loaded.modifiedAt().toInstant().equals(modifiedAt.toInstant());
    }
}
