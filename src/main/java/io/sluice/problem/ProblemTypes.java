package io.sluice.problem;

import java.net.URI;
import java.util.List;

/**
 * Stable problem {@code type} URIs, one per kind of error; clients may branch on them. Statuses Spring or the
 * container answer without a kind of their own (405, 415, ...) get {@code urn:sluice:problem:http-<status>}.
 */
public final class ProblemTypes {

    public static final URI MALFORMED_REQUEST = of("malformed-request");
    public static final URI INVALID_REQUEST = of("invalid-request");
    public static final URI RUN_NOT_FOUND = of("run-not-found");
    public static final URI TABLE_NOT_FOUND = of("table-not-found");
    public static final URI WATERMARK_NOT_FOUND = of("watermark-not-found");
    /** A run that has no completion callback. */
    public static final URI CALLBACK_NOT_FOUND = of("callback-not-found");
    public static final URI NOT_FOUND = of("not-found");
    public static final URI CONFLICT = of("conflict");
    public static final URI BODY_TOO_LARGE = of("body-too-large");
    public static final URI BODY_TOO_SLOW = of("body-too-slow");
    public static final URI OVERLOADED = of("overloaded");
    public static final URI ENGINE_UNAVAILABLE = of("engine-unavailable");
    public static final URI UNAUTHENTICATED = of("unauthenticated");
    public static final URI FORBIDDEN = of("forbidden");
    public static final URI INTERNAL = of("internal-error");

    /** Every kind above, as the OpenAPI document lists them. */
    public static final List<URI> ALL = List.of(MALFORMED_REQUEST, INVALID_REQUEST, RUN_NOT_FOUND, TABLE_NOT_FOUND,
            WATERMARK_NOT_FOUND, CALLBACK_NOT_FOUND, NOT_FOUND, CONFLICT, BODY_TOO_LARGE, BODY_TOO_SLOW, OVERLOADED, ENGINE_UNAVAILABLE, UNAUTHENTICATED,
            FORBIDDEN, INTERNAL);

    private ProblemTypes() {
    }

    public static URI of(String kind) {
        return URI.create("urn:sluice:problem:" + kind);
    }
}
