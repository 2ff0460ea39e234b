package io.sluice.problem;

/** The request contradicts the resource's state, e.g. cancelling a finished run (409). */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
