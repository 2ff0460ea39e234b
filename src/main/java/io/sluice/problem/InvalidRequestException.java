package io.sluice.problem;

import java.util.List;

/** A request that parses but asks for something Sluice will not do (422). Carries every violation found. */
public class InvalidRequestException extends RuntimeException {

    /** One problem with one field of the request; {@code field} is a JSON path such as {@code source.path}. */
    public record Violation(String field, String message) {
    }

    private final transient List<Violation> violations;

    public InvalidRequestException(List<Violation> violations) {
        super(violations.isEmpty() ? "invalid request" : violations.get(0).field() + ": " + violations.get(0).message());
        this.violations = List.copyOf(violations);
    }

    public static InvalidRequestException of(String field, String message, Object... args) {
        return new InvalidRequestException(List.of(new Violation(field, args.length == 0 ? message : message.formatted(args))));
    }

    /** Throws when {@code condition} is false (the validators' one check). */
    public static void check(boolean condition, String field, String message, Object... args) {
        if (!condition) {
            throw of(field, message, args);
        }
    }

    public List<Violation> violations() {
        return violations;
    }
}
