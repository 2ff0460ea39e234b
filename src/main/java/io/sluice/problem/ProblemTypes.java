package io.sluice.problem;

import java.net.URI;

/** Stable problem {@code type} URIs, one per kind of error; clients may branch on them. */
public final class ProblemTypes {

    public static final URI MALFORMED_REQUEST = of("malformed-request");
    public static final URI INVALID_REQUEST = of("invalid-request");
    public static final URI RUN_NOT_FOUND = of("run-not-found");
    public static final URI TABLE_NOT_FOUND = of("table-not-found");
    public static final URI NOT_FOUND = of("not-found");
    public static final URI CONFLICT = of("conflict");
    public static final URI BODY_TOO_LARGE = of("body-too-large");
    public static final URI BODY_TOO_SLOW = of("body-too-slow");
    public static final URI OVERLOADED = of("overloaded");
    public static final URI ENGINE_UNAVAILABLE = of("engine-unavailable");
    public static final URI INTERNAL = of("internal-error");

    private ProblemTypes() {
    }

    public static URI of(String kind) {
        return URI.create("urn:sluice:problem:" + kind);
    }
}
