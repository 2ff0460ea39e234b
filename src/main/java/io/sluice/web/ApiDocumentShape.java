package io.sluice.web;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springdoc.core.utils.SpringDocAnnotationsUtils;
import org.springframework.core.ResolvableType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.method.HandlerMethod;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.links.Link;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;

/**
 * What a client generator needs of the document, applied to every operation at once rather than annotated on each:
 * a typed 2xx, JSON and problem media types, problems as the API renders them, 400 for parsed parameters, 401/403, a link from each answered run
 * to {@code getRun}, and {@code source} as a plain discriminated union.
 */
final class ApiDocumentShape {

    static final String JSON = "application/json";
    static final String PROBLEM_JSON = "application/problem+json";
    private static final String RUN = ref("Run");

    private ApiDocumentShape() {
    }

    /**
     * springdoc documents a method's return type only when it declares no responses itself; one that declares its errors
     * (404, 409, ...) gets its 2xx from the return type here: 204 for none.
     */
    static Operation typedSuccess(Operation operation, Components components, HandlerMethod handler) {
        ApiResponses responses = operation.getResponses();
        if (responses == null || responses.keySet().stream().anyMatch(code -> code.startsWith("2"))) {
            return operation;
        }
        ResolvableType type = ResolvableType.forMethodReturnType(handler.getMethod());
        if (ResponseEntity.class.isAssignableFrom(type.toClass())) {
            type = type.getGeneric(0);
        }
        ApiResponses typed = new ApiResponses();
        if (type.toClass() == Void.class || type.toClass() == void.class) {
            typed.addApiResponse("204", new ApiResponse().description("No Content"));
        } else {
            Schema<?> schema = SpringDocAnnotationsUtils.extractSchema(components, type.getType(), null, new Annotation[0], SpecVersion.V31);
            typed.addApiResponse("200", new ApiResponse().description("OK").content(json(schema)));
        }
        typed.putAll(responses);
        operation.setResponses(typed);
        return operation;
    }

    static void shape(OpenAPI api) {
        Components components = api.getComponents();
        components.addSchemas(ProblemSchema.PROBLEM, ProblemSchema.problem());
        components.addSchemas(ProblemSchema.VIOLATION, ProblemSchema.violation());
        components.getSchemas().remove("ProblemDetail");
        flattenSubtypes(components, "SourceSpec");
        api.getPaths().values().forEach(ApiDocumentShape::shape);
    }

    private static void shape(PathItem path) {
        path.readOperationsMap().forEach((method, operation) -> {
            ApiResponses responses = operation.getResponses();
            responses.forEach((code, response) -> {
                if (code.startsWith("4") || code.startsWith("5")) {
                    response.setContent(new Content().addMediaType(PROBLEM_JSON,
                            new MediaType().schema(new Schema<>().$ref(ref(ProblemSchema.PROBLEM)))));
                } else if (response.getContent() != null) {
                    response.setContent(asJson(response.getContent()));
                    if (isRun(response.getContent()) && !"getRun".equals(operation.getOperationId())) {
                        linkToTheRun(code, response);
                    }
                }
            });
            if (operation.getParameters() != null && operation.getParameters().stream().anyMatch(ApiDocumentShape::parsed)) {
                problem(responses, "400", "A path or query parameter that does not parse or is out of range");
            }
            // every /api call is authenticated, and every change asks for the operator role (SecurityConfiguration)
            problem(responses, "401", "No credentials, or unknown ones: an API key in the header, or HTTP basic");
            if (method != PathItem.HttpMethod.GET) {
                problem(responses, "403", "The caller's role may not change anything: the operator role is needed");
            }
        });
    }

    /**
     * A parameter Spring parses, and answers 400 for when it does not: a query parameter, or a path parameter that is
     * not plain text (a run id). Names in the path are checked by Sluice itself, a 422.
     */
    private static boolean parsed(Parameter parameter) {
        Schema<?> schema = parameter.getSchema();
        return "query".equals(parameter.getIn()) || schema == null || schema.getFormat() != null
                || schema.getTypes() != null && !schema.getTypes().equals(Set.of("string"));
    }

    /** The run answered: where to follow it, and the link a generator turns into "get this run". */
    private static void linkToTheRun(String code, ApiResponse response) {
        response.link("getRun", new Link().operationId("getRun").parameters("id", "$response.body#/id")
                .description("The run: its status, counts and error; waitSeconds waits for its end"));
        if (code.equals("202")) {
            response.addHeaderObject("Location", new Header().description("The run's URL, /api/v1/runs/{id}")
                    .schema(typed("string")));
        }
    }

    private static void problem(ApiResponses responses, String code, String description) {
        if (!responses.containsKey(code)) {
            responses.addApiResponse(code, new ApiResponse().description(description).content(new Content().addMediaType(PROBLEM_JSON,
                    new MediaType().schema(new Schema<>().$ref(ref(ProblemSchema.PROBLEM))))));
        }
    }

    /** Resources are JSON: springdoc lists {@code *}/{@code *} for a method that does not say what it produces. */
    private static Content asJson(Content content) {
        Content json = new Content();
        content.forEach((type, media) -> json.addMediaType(type.equals("*/*") ? JSON : type, media));
        return json;
    }

    private static boolean isRun(Content content) {
        MediaType media = content.get(JSON);
        return media != null && media.getSchema() != null && RUN.equals(media.getSchema().get$ref());
    }

    static String ref(String schema) {
        return "#/components/schemas/" + schema;
    }

    /** OpenAPI 3.1 writes {@code types}; {@code type} too, for anything reading the model as 3.0. */
    @SuppressWarnings("rawtypes")
    static Schema typed(String type) {
        return new Schema<>().type(type).types(Set.of(type));
    }

    private static Content json(Schema<?> schema) {
        return new Content().addMediaType(JSON, new MediaType().schema(schema));
    }

    /**
     * swagger-core writes each subtype as {@code allOf} the parent, whose {@code oneOf} lists the subtypes again: a cycle
     * generators choke on. Each subtype becomes a plain object whose {@code type} is its one name; the parent keeps only
     * the {@code oneOf} and the discriminator's mapping.
     */
    @SuppressWarnings({ "rawtypes", "unchecked" })
    static void flattenSubtypes(Components components, String parentName) {
        Map<String, Schema> schemas = components.getSchemas();
        Schema<?> parent = schemas.get(parentName);
        if (parent == null || parent.getDiscriminator() == null || parent.getDiscriminator().getMapping() == null) {
            return;
        }
        String property = parent.getDiscriminator().getPropertyName();
        parent.getDiscriminator().getMapping().forEach((name, ref) -> {
            String subtype = ref.substring(ref.lastIndexOf('/') + 1);
            Schema<?> schema = schemas.get(subtype);
            if (schema == null || schema.getAllOf() == null) {
                return;
            }
            Schema<?> own = schema.getAllOf().stream().filter(part -> part.get$ref() == null).findFirst().orElse(new Schema<>());
            Map<String, Schema> properties = new LinkedHashMap<>();
            properties.put(property, typed("string")._enum(List.of(name)).description("Always " + name));
            if (own.getProperties() != null) {
                properties.putAll(own.getProperties());
            }
            List<String> required = new ArrayList<>(List.of(property));
            if (own.getRequired() != null) {
                required.addAll(own.getRequired());
            }
            schemas.put(subtype, typed("object").description(schema.getDescription() != null ? schema.getDescription()
                    : own.getDescription()).properties(properties).required(required));
        });
        parent.setProperties(null);
        parent.setRequired(null);
        parent.setType(null);
        parent.setTypes(null);
    }
}
