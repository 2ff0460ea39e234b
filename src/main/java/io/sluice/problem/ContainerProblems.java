package io.sluice.problem;

import java.net.URI;

import org.springframework.http.HttpStatus;

/**
 * Problems for what the servlet container refuses itself (an unreadable request line or header, an
 * encoded slash in a path, a TRACE): the same types as the API's own, and a detail that says what
 * the container refused, never how.
 */
final class ContainerProblems {

    private ContainerProblems() {
    }

    static URI type(int status) {
        return switch (status) {
            case 400 -> ProblemTypes.MALFORMED_REQUEST;
            case 404 -> ProblemTypes.NOT_FOUND;
            case 413 -> ProblemTypes.BODY_TOO_LARGE;
            case 500 -> ProblemTypes.INTERNAL;
            default -> ProblemTypes.of("http-" + status);
        };
    }

    static String detail(int status, String method) {
        return switch (status) {
            case 400 -> "the request could not be read: its request line, a header or the path is malformed"
                    + " (paths take no encoded '/' or '\\', headers no bare CR or LF)";
            case 404 -> "no endpoint here; the API is described at /swagger-ui.html";
            case 405 -> "method %s is not allowed here".formatted(method);
            case 408 -> "the request was not received in time";
            case 413 -> "the request is too large";
            case 431 -> "the request's headers are too large";
            case 500 -> "unexpected error; the service log has the details";
            default -> {
                HttpStatus known = HttpStatus.resolve(status);
                yield known == null ? "the request was refused" : known.getReasonPhrase();
            }
        };
    }

    /** The problem as JSON, for the container's error report where Spring's message converters do not reach. */
    static String json(int status, String method) {
        HttpStatus known = HttpStatus.resolve(status);
        return "{\"type\":\"%s\",\"title\":\"%s\",\"status\":%d,\"detail\":\"%s\"}".formatted(type(status),
                known == null ? "Error" : known.getReasonPhrase(), status, detail(status, method == null ? "" : method)
                        .replace("\\", "\\\\").replace("\"", "\\\""));
    }
}
