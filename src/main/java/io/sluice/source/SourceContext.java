package io.sluice.source;

import org.springframework.stereotype.Component;

/** What sources need from the service: the file roots and the limits. */
@Component
public record SourceContext(FileRoots fileRoots, SourceProperties properties) {
}
