package io.sluice.problem;

/** A run or table that does not exist (404). */
public class NotFoundException extends RuntimeException {

    private final String kind;

    public NotFoundException(String kind, String message) {
        super(message);
        this.kind = kind;
    }

    /** {@code run}, {@code table}, {@code watermark} or {@code callback}: becomes part of the problem type. */
    public String kind() {
        return kind;
    }
}
