package io.sluice.problem;

import java.net.URI;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The servlet container's error page (in place of Spring Boot's {@code BasicErrorController}): what
 * the container refuses after routing (a TRACE, an error raised in a filter) is a problem response
 * like every other. Called directly, {@code /error} is no endpoint.
 */
@RestController
class ErrorEndpoint implements ErrorController {

    private final MeterRegistry meters;

    ErrorEndpoint(MeterRegistry meters) {
        this.meters = meters;
    }

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null && value >= 400
                ? HttpStatus.resolve(value) : null;
        if (status == null) {
            return respond(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "no endpoint here; the API is described at /swagger-ui.html");
        }
        return respond(status, ContainerProblems.type(status.value()), ContainerProblems.detail(status.value(), request.getMethod()));
    }

    private ResponseEntity<ProblemDetail> respond(HttpStatus status, URI type, String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setType(type);
        RejectedRequests.count(meters, status.value(), type);
        return ResponseEntity.status(status).body(body);
    }
}
