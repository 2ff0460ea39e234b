package io.sluice.source;

/** A source could not deliver its rows (requests failed, the database refused): the run fails, nothing is written. */
public class SourceFailedException extends RuntimeException {

    public SourceFailedException(String message) {
        super(message);
    }

    public SourceFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
