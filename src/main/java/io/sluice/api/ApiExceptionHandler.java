package io.sluice.api;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import com.fasterxml.jackson.annotation.JsonSubTypes;

import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.api.InvalidRequestException.Violation;
import io.sluice.strategy.StrategyName;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The one map from exceptions to RFC 9457 problem responses. Responses never carry a stack trace or
 * an exception's class; an unexpected error gets a reference that finds it in the log.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final MeterRegistry meters;

    ApiExceptionHandler(MeterRegistry meters) {
        this.meters = meters;
    }

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<Object> invalid(InvalidRequestException e) {
        return invalid(e.violations());
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<Object> notFound(NotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, ProblemTypes.of(e.kind() + "-not-found"), e.getMessage());
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<Object> conflict(ConflictException e) {
        return problem(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(OverloadedException.class)
    ResponseEntity<Object> overloaded(OverloadedException e) {
        ProblemDetail body = body(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.OVERLOADED, e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfter().toSeconds()))
                .body(body);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        String reference = UUID.randomUUID().toString();
        log.error("Unexpected error, reference {}", reference, e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, ProblemTypes.INTERNAL,
                "Unexpected error; the service log has the details under reference " + reference);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodySizeLimit.BodyTooLargeException tooLarge) {
                return problem(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.BODY_TOO_LARGE, tooLarge.getMessage());
            }
        }
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof InvalidTypeIdException typeId) {
            String problem = typeId.getTypeId() == null ? "a type is required" : "unknown type '%s'".formatted(typeId.getTypeId());
            return invalid(List.of(new Violation(path(typeId, "type"), problem + allowedTypes(typeId))));
        }
        if (cause instanceof InvalidFormatException format && format.getTargetType() != null && format.getTargetType().isEnum()) {
            String allowed = Arrays.stream(format.getTargetType().getEnumConstants())
                    .filter(value -> value != StrategyName.RESTORE) // recorded by restore runs, never requested
                    .map(Object::toString).map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
            return invalid(List.of(new Violation(path(format, null),
                    "unknown value '%s'; use one of: %s".formatted(format.getValue(), allowed))));
        }
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return invalid(List.of(new Violation(path(unknown, null), "unknown field '%s'".formatted(unknown.getPropertyName()))));
        }
        if (cause instanceof JacksonException json && !json.getPath().isEmpty()) {
            return problem(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_REQUEST,
                    "field '%s' has the wrong shape: %s".formatted(path(json, null), json.getOriginalMessage()));
        }
        if (cause instanceof JacksonException json) {
            return problem(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_REQUEST, "malformed JSON: " + json.getOriginalMessage());
        }
        return problem(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_REQUEST, "the request body is missing or unreadable");
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        return invalid(e.getBindingResult().getFieldErrors().stream()
                .map(error -> new Violation(error.getField(), error.getDefaultMessage())).toList());
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return invalid(e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> new Violation(result.getMethodParameter().getParameterName(), error.getDefaultMessage())))
                .toList());
    }

    /** Spring's own problems (404 no route, 405, 415, type mismatches…) get a Sluice type too. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, @Nullable Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        Object problem = body == null && e instanceof ErrorResponse error ? error.getBody() : body;
        if (problem instanceof ProblemDetail detail && (detail.getType() == null || "about:blank".equals(detail.getType().toString()))) {
            detail.setType(switch (status.value()) {
                case 400 -> ProblemTypes.MALFORMED_REQUEST;
                case 404 -> ProblemTypes.NOT_FOUND;
                default -> ProblemTypes.of("http-" + status.value());
            });
            if (e instanceof NoResourceFoundException) {
                detail.setDetail("no endpoint here; the API is described at /swagger-ui.html");
            }
        }
        if (problem instanceof ProblemDetail detail) {
            RejectedRequests.count(meters, status.value(), detail.getType());
        }
        return super.handleExceptionInternal(e, problem, headers, status, request);
    }

    private ResponseEntity<Object> invalid(List<Violation> violations) {
        String detail = violations.stream().map(v -> v.field() + ": " + v.message()).collect(Collectors.joining("; "));
        ProblemDetail body = body(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.INVALID_REQUEST, detail);
        body.setProperty("errors", violations);
        return ResponseEntity.unprocessableContent().body(body);
    }

    private ResponseEntity<Object> problem(HttpStatus status, URI type, String detail) {
        return ResponseEntity.status(status).body(body(status, type, detail));
    }

    private ProblemDetail body(HttpStatus status, URI type, String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setType(type);
        RejectedRequests.count(meters, status.value(), type);
        return body;
    }

    private static String path(JacksonException e, String leaf) {
        String path = e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return leaf == null ? path : path.isEmpty() ? leaf : path + "." + leaf;
    }

    private static String allowedTypes(InvalidTypeIdException e) {
        JsonSubTypes subTypes = e.getBaseType() == null ? null : e.getBaseType().getRawClass().getAnnotation(JsonSubTypes.class);
        if (subTypes == null) {
            return "";
        }
        return "; use one of: " + Arrays.stream(subTypes.value()).map(t -> t.name()).collect(Collectors.joining(", "));
    }
}
