package io.sluice.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * A symbolic link in the inbox or the staging area that leads out of it is refused at submission,
 * whichever way the read would reach it (a glob, a folder, a recursive lookup, a staged batch): 422,
 * the link named relative to its root and never by its target, nothing created, the service ready.
 */
@SluiceIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FileConfinementIntegrationTests {

    static final String ID = "confine_" + UUID.randomUUID().toString().substring(0, 8);

    @Autowired
    SluiceClient sluice;
    @Value("${sluice.data-dir}")
    Path dataDir;
    @Value("${sluice.sources.http.staging-root}")
    Path stagingRoot;
    Path inbox;

    @BeforeAll
    void tree() throws Exception {
        Path data = dataDir.toAbsolutePath().normalize().toRealPath(); // the roots are kept as real paths
        Path outside = Files.createDirectories(data.resolve("outside").resolve(ID));
        Path secret = Files.writeString(outside.resolve("secret.csv"), "id,name\n666,secret\n");
        inbox = Files.createDirectories(data.resolve("inbox").resolve(ID));

        write("plain/a.csv", "id,name\n1,ada\n2,grace\n");
        write("plain/b.csv", "id,name\n3,edsger\n");
        write("sales/day=2024-01-01/a.csv", "id,name\n1,ada\n");
        write("sales/day=2024-01-02/b.csv", "id,name\n2,grace\n");
        link(write("mixed/ok.csv", "id,name\n1,ada\n").resolveSibling("secret.csv"), secret);
        link(inbox.resolve("lnk_outside"), outside);
        link(write("folder/ok.csv", "id,name\n1,ada\n").resolveSibling("secret.csv"), secret);
        write("tree/top.csv", "id,name\n1,ada\n");
        link(Files.createDirectories(inbox.resolve("tree/deep/er")).resolve("secret.csv"), secret);

        Path batch = Files.createDirectories(stagingRoot.resolve(ID).resolve("pages").resolve("b1"));
        Files.writeString(batch.resolve("_manifest.jsonl"), """
                {"request":"all","parameters":{},"status":"staged","pages":1,"rows":1,"bytes":20,"sha256":"0","files":["all__page-00001.jsonl"],\
                "completedAt":"2024-01-01T00:00:00Z","runId":"r"}
                """);
        link(batch.resolve("all__page-00001.jsonl"), secret);
        link(stagingRoot.resolve(ID).resolve("linked"), outside);
    }

    static Stream<Arguments> escapes() {
        return Stream.of(
                Arguments.of("a glob over a folder holding a link", files("mixed/*.csv", ""),
                        "source.path: '" + ID + "/mixed/secret.csv' is a link to a file outside the allowed roots"),
                Arguments.of("a glob segment matching a link to a folder", files("lnk_out*/secret.csv", ""),
                        "source.path: '" + ID + "/lnk_outside' is a link to a folder outside the allowed roots"),
                Arguments.of("a plain folder holding a link", files("folder", ""),
                        "source.path: '" + ID + "/folder/secret.csv' is a link to a file outside the allowed roots"),
                Arguments.of("a recursive lookup reaching a link deep down", files("tree", ", \"recursiveFileLookup\": \"true\""),
                        "source.path: '" + ID + "/tree/deep/er/secret.csv' is a link to a file outside the allowed roots"),
                Arguments.of("a staged page that is a link", "{\"type\": \"staging\", \"name\": \"" + ID + "\", \"endpoint\": \"pages\", \"batch\": \"b1\"}",
                        "source.batch: '" + ID + "/pages/b1/all__page-00001.jsonl' is a link to a file outside the staging root"),
                Arguments.of("a staged endpoint that is a link", "{\"type\": \"staging\", \"name\": \"" + ID + "\", \"endpoint\": \"linked\"}",
                        "source.endpoint: '" + ID + "/linked' is a link to a folder outside the staging root"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("escapes")
    void shouldRefuseALinkOutOfTheRootsAndCreateNothing(String name, String source, String detail) {
        String table = SluiceClient.uniqueTable("confine");
        ResponseEntity<JsonNode> response = sluice.post("/api/v1/runs", """
                {"table": "%s", "strategy": "append", "source": %s}""".formatted(table, source.replace("{inbox}", inbox.toString())));

        assertThat(response.getStatusCode()).as("%s", response.getBody()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getBody().get("type").asString()).isEqualTo("urn:sluice:problem:invalid-request");
        assertThat(response.getBody().get("detail").asString()).isEqualTo(detail);
        assertThat(response.getBody().toString()).doesNotContain("outside/" + ID, "666");
        assertThat(sluice.get("/api/v1/tables/" + table).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(sluice.get("/api/v1/runs?table=" + table).getBody().get("total").asLong()).isZero();
        assertThat(sluice.get("/actuator/health/readiness").getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void shouldLoadExactlyTheFilesAGlobMatches() {
        String table = SluiceClient.uniqueTable("confine_glob");

        JsonNode run = sluice.submitAndAwait("""
                {"table": "%s", "strategy": "append", "source": %s}""".formatted(table,
                files("plain/*.csv", "").replace("{inbox}", inbox.toString())));

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(sluice.rows(table, "id")).containsExactly(
                Map.of("id", 1, "name", "ada"), Map.of("id", 2, "name", "grace"), Map.of("id", 3, "name", "edsger"));
    }

    @Test
    void shouldKeepThePartitionColumnsOfAFolderWithHiveStyleSubFolders() {
        String table = SluiceClient.uniqueTable("confine_parts");

        JsonNode run = sluice.submitAndAwait("""
                {"table": "%s", "strategy": "append", "source": %s}""".formatted(table, files("sales", "").replace("{inbox}", inbox.toString())));

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(sluice.rows(table, "id")).containsExactly(
                Map.of("id", 1, "name", "ada", "day", "2024-01-01"), Map.of("id", 2, "name", "grace", "day", "2024-01-02"));
    }

    @Test
    void shouldAcceptAGlobThatMatchesNothingYetAndFailTheRunAsNotFound() {
        String table = SluiceClient.uniqueTable("confine_none");

        JsonNode run = sluice.submitAndAwait("""
                {"table": "%s", "strategy": "append", "source": %s}""".formatted(table, files("later/*.csv", "").replace("{inbox}", inbox.toString())));

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("FAILED");
        assertThat(run.get("error").get("code").asString()).isEqualTo("SOURCE_NOT_FOUND");
        assertThat(run.get("error").get("message").asString()).isEqualTo("nothing matches '" + inbox + "/later/*.csv'");
    }

    private static String files(String path, String options) {
        return """
                {"type": "files", "format": "csv", "path": "{inbox}/%s", "options": {"header": "true"%s}, "schema": "id BIGINT, name STRING"}"""
                .formatted(path, options);
    }

    private Path write(String file, String content) throws Exception {
        Path path = inbox.resolve(file);
        Files.createDirectories(path.getParent());
        return Files.writeString(path, content);
    }

    private static void link(Path link, Path target) throws Exception {
        Files.createSymbolicLink(link, target);
    }
}
