package io.sluice.security;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.problem.ProblemTypes;
import io.sluice.problem.RejectedRequests;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * 401, 403 and requests the firewall rejects as RFC 9457 problems (security answers before any controller, so the API's exception
 * handler never sees them), counted with the other rejected requests.
 */
final class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String header;
    private final MeterRegistry meters;

    ProblemResponses(String header, MeterRegistry meters) {
        this.header = header;
        this.meters = meters;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e) throws IOException {
        response.setHeader("WWW-Authenticate", "Basic realm=\"sluice\", ApiKey header=\"" + header + "\"");
        write(response, HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHENTICATED, request,
                "authentication required: an API key in the " + header + " header, or HTTP basic credentials");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e) throws IOException {
        write(response, HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, request, request.getMethod() + " " + request.getRequestURI()
                + " needs the operator role; this caller is a viewer");
    }

    /** Spring Security's firewall (a ';' or an encoded '/' in the path, say): a problem, not the container's error page. */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e) throws IOException {
        write(response, HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_REQUEST, request, "the request was rejected: " + e.getMessage());
    }

    private void write(HttpServletResponse response, HttpStatus status, URI type, HttpServletRequest request, String detail)
            throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>(); // as the API's problems render: no null members
        problem.put("type", type.toString());
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI().replaceAll("[^A-Za-z0-9/._~-]", "_"));
        RejectedRequests.count(meters, status.value(), type);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(JSON.writeValueAsBytes(problem));
    }
}
