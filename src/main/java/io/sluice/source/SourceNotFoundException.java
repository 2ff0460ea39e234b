package io.sluice.source;

/** The source names nothing that exists (a path or glob that matches no file or folder): the run fails, nothing is written. */
public class SourceNotFoundException extends SourceFailedException {

    public SourceNotFoundException(String message) {
        super(message);
    }
}
