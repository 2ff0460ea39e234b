package io.sluice.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.sluice.problem.ProblemTypes;
import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import tools.jackson.databind.JsonNode;

/** The OpenAPI document is one a client generator can use: each requirement, checked by its path in the document. */
@SluiceIntegrationTest
class OpenApiDocumentIntegrationTests {

    private static final String PROBLEM = "#/components/schemas/Problem";

    @Autowired
    SluiceClient sluice;

    JsonNode docs;

    @BeforeEach
    void fetch() {
        docs = sluice.get("/v3/api-docs").getBody();
    }

    @Test
    void everyOperationShouldHaveItsNamedOperationId() {
        Map<String, String> ids = new LinkedHashMap<>();
        operations().forEach((operation, node) -> ids.put(operation, node.get("operationId").asString()));
        Map<String, String> expected = new LinkedHashMap<>();
        """
                post /api/v1/runs submitRun
                get /api/v1/runs listRuns
                get /api/v1/runs/{id} getRun
                delete /api/v1/runs/{id} cancelRun
                get /api/v1/runs/{id}/callback getRunCallback
                post /api/v1/runs/{id}/rollback rollbackRun
                get /api/v1/tables listTables
                get /api/v1/tables/{name} describeTable
                get /api/v1/tables/{name}/preview previewTable
                get /api/v1/tables/{name}/history tableHistory
                get /api/v1/tables/{name}/files listLoadedFiles
                post /api/v1/tables/{name}/restore restoreTable
                post /api/v1/tables/{name}/maintenance maintainTable
                get /api/v1/tables/{name}/maintenance/policy getMaintenancePolicy
                put /api/v1/tables/{name}/maintenance/policy setMaintenancePolicy
                delete /api/v1/tables/{name}/maintenance/policy resetMaintenancePolicy
                get /api/v1/tables/{name}/expectations getTableExpectations
                put /api/v1/tables/{name}/expectations setTableExpectations
                delete /api/v1/tables/{name}/expectations deleteTableExpectations
                get /api/v1/tables/{table}/watermarks listWatermarks
                get /api/v1/tables/{table}/watermarks/{name} getWatermark
                put /api/v1/tables/{table}/watermarks/{name} setWatermark
                delete /api/v1/tables/{table}/watermarks/{name} resetWatermark
                """.lines().forEach(line -> expected.put(line.substring(0, line.lastIndexOf(' ')), line.substring(line.lastIndexOf(' ') + 1)));
        assertThat(ids).containsExactlyInAnyOrderEntriesOf(expected);
        assertThat(ids.values()).doesNotHaveDuplicates();
    }

    @Test
    void everyOperationShouldAnswerATypedJsonSuccessAndProblemsAsProblemJson() {
        operations().forEach((operation, node) -> {
            List<String> successes = new ArrayList<>();
            for (var response : node.get("responses").properties()) {
                String code = response.getKey();
                JsonNode content = response.getValue().get("content");
                if (code.startsWith("2")) {
                    successes.add(code);
                    if (!code.equals("204")) {
                        assertThat(content.propertyNames()).as("%s %s", operation, code).containsExactly("application/json");
                        JsonNode schema = content.get("application/json").get("schema");
                        assertThat(schema.has("$ref") || schema.has("type") || schema.has("oneOf")).as("%s %s: %s", operation, code, schema)
                                .isTrue();
                    }
                } else {
                    assertThat(content.propertyNames()).as("%s %s", operation, code).containsExactly("application/problem+json");
                    assertThat(content.get("application/problem+json").get("schema").get("$ref").asString()).isEqualTo(PROBLEM);
                }
            }
            assertThat(successes).as("%s answers a 2xx", operation).isNotEmpty();
            assertThat(node.get("responses").has("401")).as("%s: every call is authenticated", operation).isTrue();
        });
        assertThat(docs.get("paths").has("/error")).as("the container's fallback is no operation").isFalse();
        assertThat(operations().get("delete /api/v1/tables/{table}/watermarks/{name}").get("responses").propertyNames())
                .as("table and watermark names are Sluice's to check: a 422, no 400").containsExactly("204", "404", "401", "403");
        assertThat(operations().get("get /api/v1/runs/{id}").get("responses").propertyNames())
                .as("a bad id or waitSeconds is a 400").containsExactly("200", "404", "400", "401");
        assertThat(operations().get("get /api/v1/tables/{name}").get("responses").get("200").get("content").get("application/json")
                .get("schema").get("$ref").asString()).isEqualTo("#/components/schemas/TableInfo");
        assertThat(operations().get("get /api/v1/tables").get("responses").get("200").get("content").get("application/json")
                .get("schema").toString()).isEqualTo("{\"type\":\"array\",\"items\":{\"type\":\"string\"}}");
    }

    @Test
    void problemsShouldHaveSluicesTypesAndTheErrorsArray() {
        JsonNode schemas = docs.get("components").get("schemas");
        assertThat(schemas.has("ProblemDetail")).isFalse();
        JsonNode problem = schemas.get("Problem");
        assertThat(problem.get("properties").propertyNames()).containsExactly("type", "title", "status", "detail", "instance", "errors");
        List<String> types = new ArrayList<>();
        problem.get("properties").get("type").get("examples").forEach(type -> types.add(type.asString()));
        assertThat(types).isEqualTo(ProblemTypes.ALL.stream().map(URI::toString).toList()).contains("urn:sluice:problem:invalid-request");
        assertThat(problem.get("properties").get("type").get("pattern").asString()).isEqualTo("^urn:sluice:problem:[a-z0-9-]+$");
        assertThat(problem.get("properties").get("errors").get("items").get("$ref").asString()).isEqualTo("#/components/schemas/Violation");
        assertThat(schemas.get("Violation").get("properties").propertyNames()).containsExactly("field", "message");
        assertThat(problem.get("example").get("type").asString()).isEqualTo("urn:sluice:problem:invalid-request");
        assertThat(docs.toString()).doesNotContain("https://example.com", "additionalProp1");
    }

    @Test
    void sourceShouldBeAUnionDiscriminatedByType() {
        JsonNode schemas = docs.get("components").get("schemas");
        JsonNode source = schemas.get("SourceSpec");
        assertThat(source.get("discriminator").get("propertyName").asString()).isEqualTo("type");
        Map<String, String> mapping = new LinkedHashMap<>();
        source.get("discriminator").get("mapping").properties().forEach(entry -> mapping.put(entry.getKey(), entry.getValue().asString()));
        assertThat(mapping).containsExactly(Map.entry("inline", "#/components/schemas/InlineSource"),
                Map.entry("files", "#/components/schemas/FilesSource"), Map.entry("jdbc", "#/components/schemas/JdbcSource"),
                Map.entry("http", "#/components/schemas/HttpSource"), Map.entry("staging", "#/components/schemas/StagingSource"));
        assertThat(source.get("oneOf")).hasSize(5);
        assertThat(source.has("properties")).as("the union is its members").isFalse();
        mapping.forEach((type, ref) -> {
            JsonNode member = schemas.get(ref.substring(ref.lastIndexOf('/') + 1));
            assertThat(member.has("allOf")).as("%s: no cycle back to the union", type).isFalse();
            assertThat(member.get("properties").get("type").get("enum").toString()).isEqualTo("[\"" + type + "\"]");
            assertThat(member.get("required").get(0).asString()).isEqualTo("type");
        });
        assertThat(schemas.get("RunRequest").get("properties").get("source").get("$ref").asString())
                .isEqualTo("#/components/schemas/SourceSpec");
    }

    @Test
    void anAnsweredRunShouldLinkToGetRun() {
        for (String operation : List.of("post /api/v1/runs", "post /api/v1/tables/{name}/restore", "post /api/v1/runs/{id}/rollback",
                "post /api/v1/tables/{name}/maintenance")) {
            JsonNode accepted = operations().get(operation).get("responses").get("202");
            JsonNode link = accepted.get("links").get("getRun");
            assertThat(link.get("operationId").asString()).as(operation).isEqualTo("getRun");
            assertThat(link.get("parameters").get("id").asString()).isEqualTo("$response.body#/id");
            assertThat(accepted.get("headers").has("Location")).isTrue();
        }
    }

    /** Each operation as "method path". */
    private Map<String, JsonNode> operations() {
        Map<String, JsonNode> operations = new LinkedHashMap<>();
        docs.get("paths").properties().forEach(path -> path.getValue().properties()
                .forEach(method -> operations.put(method.getKey() + " " + path.getKey(), method.getValue())));
        return operations;
    }
}
