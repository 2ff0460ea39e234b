package io.sluice.source;

import java.nio.file.Path;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Limits on what a run may read: file roots and the size of inline bodies. */
@ConfigurationProperties("sluice.sources")
public record SourceProperties(@DefaultValue Files files, @DefaultValue Inline inline) {

    /** {@code allowedRoots}: the only folders a {@code files} source may read (with their sub-folders). */
    public record Files(List<Path> allowedRoots) {
        public Files {
            allowedRoots = allowedRoots == null ? List.of() : List.copyOf(allowedRoots);
        }
    }

    /** {@code maxRows}: inline sources are for manual runs and tests, not bulk loads. */
    public record Inline(@DefaultValue("10000") int maxRows) {
    }
}
