package io.sluice.write;

/** What to do when the source has several rows for one key. */
public enum DuplicatePolicy {
    /** The run is refused (inline sources: 422 on submit) or fails (DUPLICATE_KEYS), naming the repeated keys. */
    FAIL,
    /** The latest row per key by {@code orderBy} wins; the others are dropped and counted. */
    KEEP_LATEST
}
