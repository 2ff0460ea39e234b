package io.sluice.problem;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import com.fasterxml.jackson.annotation.JsonSubTypes;

import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.problem.InvalidRequestException.Violation;
import jakarta.validation.ConstraintViolationException;
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
    private final ObjectProvider<EngineAvailability> engine;

    /** {@code engine} is absent in controller slices. */
    ApiExceptionHandler(MeterRegistry meters, ObjectProvider<EngineAvailability> engine) {
        this.meters = meters;
        this.engine = engine;
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
        return unavailable(ProblemTypes.OVERLOADED, e.getMessage(), e.retryAfter());
    }

    @ExceptionHandler(EngineUnavailableException.class)
    ResponseEntity<Object> engineUnavailable(EngineUnavailableException e) {
        return unavailable(ProblemTypes.ENGINE_UNAVAILABLE, e.getMessage(), e.retryAfter());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        // A read that reached the catalog while the warm-up reports it unreachable: the client gets that reason, not a 500
        EngineAvailability availability = engine.getIfAvailable();
        Optional<EngineUnavailableException> down = availability == null ? Optional.empty() : availability.explaining(e);
        if (down.isPresent()) {
            log.warn("{} (the request failed with {})", down.get().getMessage(), e.getClass().getName());
            return engineUnavailable(down.get());
        }
        String reference = UUID.randomUUID().toString();
        log.error("Unexpected error, reference {}", reference, e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, ProblemTypes.INTERNAL,
                "Unexpected error; the service log has the details under reference " + reference);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodyLimits.BodyTooLargeException tooLarge) {
                return problem(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.BODY_TOO_LARGE, tooLarge.getMessage());
            }
            if (t instanceof BodyLimits.BodyTooSlowException tooSlow) {
                return problem(HttpStatus.REQUEST_TIMEOUT, ProblemTypes.BODY_TOO_SLOW, tooSlow.getMessage());
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidRequestException invalid) { // thrown while a record was built from the body
                return invalid(invalid.violations());
            }
        }
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof InvalidTypeIdException typeId) {
            String problem = typeId.getTypeId() == null ? "a type is required" : "unknown type '%s'".formatted(typeId.getTypeId());
            return invalid(List.of(new Violation(path(typeId, "type"), problem + allowedTypes(typeId))));
        }
        if (cause instanceof InvalidFormatException format && format.getTargetType() != null && format.getTargetType().isEnum()
                && format.getValue() instanceof String) {
            return invalid(List.of(new Violation(path(format, null),
                    "unknown value '%s'; use one of: %s".formatted(format.getValue(), JsonProblems.allowed(format.getTargetType())))));
        }
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return invalid(List.of(new Violation(path(unknown, null), "unknown field '%s'".formatted(unknown.getPropertyName()))));
        }
        if (cause instanceof JacksonException json) {
            String field = path(json, null);
            String problem = JsonProblems.describe(json);
            ProblemDetail body = body(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_REQUEST,
                    field.isEmpty() ? "malformed JSON: " + problem : "field '%s': %s".formatted(field, problem));
            body.setProperty("errors", List.of(new Violation(field, problem)));
            return ResponseEntity.badRequest().body(body);
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
                        .map(error -> new Violation(parameterName(result.getMethodParameter()), error.getDefaultMessage())))
                .toList());
    }

    /** Method validation outside MVC's own (a {@code @Validated} bean): the same 422 as any invalid parameter. */
    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> constraintViolation(ConstraintViolationException e) {
        return invalid(e.getConstraintViolations().stream()
                .map(v -> new Violation(leaf(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(java.util.Comparator.comparing(Violation::field)).toList());
    }

    /** A query or path parameter that does not convert: name it and say what it takes. */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        String name = e instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName() : e.getPropertyName();
        Class<?> type = e.getRequiredType();
        String expected = type == null ? "another value" : JsonProblems.expected(type);
        String problem = "'%s' is not %s".formatted(e.getValue(), expected);
        ProblemDetail body = body(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_REQUEST, "parameter '%s': %s".formatted(name, problem));
        body.setProperty("errors", List.of(new Violation(name, problem)));
        return ResponseEntity.badRequest().body(body);
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

    private ResponseEntity<Object> unavailable(URI type, String detail, Duration retryAfter) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())))
                .body(body(HttpStatus.SERVICE_UNAVAILABLE, type, detail));
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
        String path = JsonProblems.path(e);
        return leaf == null ? path : path.isEmpty() ? leaf : path + "." + leaf;
    }

    /** A method parameter as the request names it: the query or path parameter's name. */
    private static String parameterName(MethodParameter parameter) {
        RequestParam query = parameter.getParameterAnnotation(RequestParam.class);
        PathVariable path = parameter.getParameterAnnotation(PathVariable.class);
        String name = query != null ? query.name() : path != null ? path.name() : "";
        return name.isEmpty() ? parameter.getParameterName() : name;
    }

    /** {@code history.limit} (method and parameter) is the parameter {@code limit}. */
    private static String leaf(String propertyPath) {
        return propertyPath.substring(propertyPath.lastIndexOf('.') + 1);
    }

    private static String allowedTypes(InvalidTypeIdException e) {
        JsonSubTypes subTypes = e.getBaseType() == null ? null : e.getBaseType().getRawClass().getAnnotation(JsonSubTypes.class);
        if (subTypes == null) {
            return "";
        }
        return "; use one of: " + Arrays.stream(subTypes.value()).map(t -> t.name()).collect(Collectors.joining(", "));
    }
}
