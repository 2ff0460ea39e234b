package io.sluice.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The committed OpenAPI document, from which the build generates the tests' Java client (io.sluice.client), is the one the
 * service serves: it cannot drift. {@code -Dsluice.openapi.refresh=true} rewrites it from the live document.
 */
@SluiceIntegrationTest
class OpenApiSnapshotIntegrationTests {

    /** Relative to the module: Surefire runs the tests there, and the generator reads the file from there too (pom.xml). */
    static final Path COMMITTED = Path.of("src/test/resources/openapi/sluice.json");

    private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @Autowired
    SluiceClient sluice;

    @Test
    void theCommittedDocumentShouldBeTheOneTheServiceServes() throws IOException {
        JsonNode live = sluice.get("/v3/api-docs").getBody();
        // the server URL names the test's random port; a client is given its base URL
        ((ObjectNode) live).remove("servers");
        if (Boolean.getBoolean("sluice.openapi.refresh")) {
            Files.createDirectories(COMMITTED.getParent());
            Files.writeString(COMMITTED, PRETTY.writeValueAsString(live) + "\n");
        }
        assertThat(Files.exists(COMMITTED)).as("%s is missing: run this test with -Dsluice.openapi.refresh=true", COMMITTED).isTrue();
        assertThat(PRETTY.readTree(Files.readString(COMMITTED)))
                .as("%s differs from the service's /v3/api-docs: run this test with -Dsluice.openapi.refresh=true, review the diff "
                        + "and commit it (the generated client is built from it)", COMMITTED)
                .isEqualTo(live);
    }
}
