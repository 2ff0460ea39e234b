package io.sluice.web;

import static io.sluice.web.ApiDocumentShape.ref;
import static io.sluice.web.ApiDocumentShape.typed;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sluice.problem.ProblemTypes;
import io.swagger.v3.oas.models.media.Schema;

/**
 * The RFC 9457 problem every error answers, as the API renders it: Spring's {@code ProblemDetail} would be documented with
 * a {@code properties} map no response has, and an example {@code type} of {@code https://example.com/}.
 */
final class ProblemSchema {

    static final String PROBLEM = "Problem";
    static final String VIOLATION = "Violation";

    private ProblemSchema() {
    }

    @SuppressWarnings({ "rawtypes", "unchecked" })
    static Schema<?> problem() {
        List<Object> types = ProblemTypes.ALL.stream().map(URI::toString).map(Object.class::cast).toList();
        Schema type = typed("string").description("What kind of problem: stable, for clients to branch on. Statuses without a "
                + "kind of their own (405, 415, ...) are urn:sluice:problem:http-<status>").pattern("^urn:sluice:problem:[a-z0-9-]+$");
        type.setExamples(types);
        type.setExample(ProblemTypes.INVALID_REQUEST.toString());
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put("type", type);
        properties.put("title", typed("string").description("The HTTP status's reason phrase").example("Unprocessable Content"));
        properties.put("status", typed("integer").format("int32").example(422));
        properties.put("detail", typed("string").description("What was wrong, in words").example("table: a table name is required"));
        properties.put("instance", typed("string").description("The request's path").example("/api/v1/runs"));
        properties.put("errors", typed("array").description("400 and 422: every field found wrong, by its JSON path or parameter name")
                .items(new Schema<>().$ref(ref(VIOLATION))));
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", ProblemTypes.INVALID_REQUEST.toString());
        example.put("title", "Unprocessable Content");
        example.put("status", 422);
        example.put("detail", "table: a table name is required");
        example.put("instance", "/api/v1/runs");
        example.put("errors", List.of(Map.of("field", "table", "message", "a table name is required")));
        return typed("object").description("An RFC 9457 problem: no resource, and why").properties(properties)
                .required(List.of("type", "title", "status")).example(example);
    }

    @SuppressWarnings("rawtypes")
    static Schema<?> violation() {
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put("field", typed("string").description("A JSON path such as source.path, or a parameter's name").example("table"));
        properties.put("message", typed("string").example("a table name is required"));
        return typed("object").description("One field of the request that is wrong").properties(properties)
                .required(List.of("field", "message"));
    }

}
