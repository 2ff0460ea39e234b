package io.sluice.run.lineage;

/** Where lineage events go: nowhere (the default), the log, a Marquez-compatible HTTP endpoint, or a file. */
public enum LineageTransport {
    NONE, CONSOLE, HTTP, FILE
}
