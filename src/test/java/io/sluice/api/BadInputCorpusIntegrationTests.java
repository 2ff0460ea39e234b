package io.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
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
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * Malformed and hostile requests: each is answered 4xx with an RFC 9457 problem of a Sluice type and
 * changes nothing (the existing table keeps its version, no new table appears), and the service
 * stays ready after each.
 */
@SluiceIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputCorpusIntegrationTests {

    static final String EXISTING = "it.corpus_" + UUID.randomUUID().toString().substring(0, 8);
    static final String NEW = "it.corpus_new_" + UUID.randomUUID().toString().substring(0, 8);
    static final String ROW = "{\"id\": 1, \"day\": \"2024-01-01\"}";
    static final String INLINE = "{\"type\": \"inline\", \"schema\": \"id BIGINT, day DATE\", \"rows\": [" + ROW + "]}";

    @Autowired
    SluiceClient sluice;
    @Value("${local.server.port}")
    int port;
    @Value("${sluice.data-dir}")
    String dataDir;
    long version;
    long runs;

    @BeforeAll
    void existingTable() {
        sluice.awaitReady();
        JsonNode run = sluice.submitAndAwait(run(EXISTING, "append", "\"partitionBy\": [\"day\"],", INLINE));
        assertThat(run.get("status").asString()).isEqualTo("SUCCEEDED");
        version = sluice.table(EXISTING).get("version").asLong();
        runs = runsOf(EXISTING);
    }

    private long runsOf(String table) {
        return sluice.get("/api/v1/runs?table=" + table).getBody().get("total").asLong();
    }

    static String run(String table, String strategy, String extra, String source) {
        return "{\"table\": \"%s\", \"strategy\": \"%s\", %s \"source\": %s}".formatted(table, strategy, extra, source);
    }

    static Arguments post(String name, String body, int status) {
        return Arguments.of(name, HttpMethod.POST, "/api/v1/runs", body, status);
    }

    static Arguments call(String name, HttpMethod method, String path, String body, int status) {
        return Arguments.of(name, method, path, body, status);
    }

    static Stream<Arguments> corpus() {
        List<Arguments> cases = new ArrayList<>(List.of(
                // the body is not a run request
                post("malformed JSON", "{\"table\": ", 400),
                post("empty body", "", 400),
                post("an array", "[]", 400),
                post("a string", "\"append\"", 400),
                post("partitionBy a string", run(NEW, "append", "\"partitionBy\": \"day\",", INLINE), 400),
                post("keys an object", run(NEW, "merge", "\"keys\": {\"id\": 1},", INLINE), 400),
                post("rows a number", run(NEW, "append", "", "{\"type\": \"inline\", \"schema\": \"id BIGINT\", \"rows\": 5}"), 400),
                post("source a string", run(NEW, "append", "", "\"inline\""), 422),
                // no JSON value is coerced into another type
                post("a key given twice", "{\"table\": \"" + NEW + "\", \"table\": \"" + EXISTING + "\", \"strategy\": \"append\","
                        + " \"source\": " + INLINE + "}", 400),
                post("a column given twice in a row", run(NEW, "append", "",
                        "{\"type\": \"inline\", \"schema\": \"id BIGINT\", \"rows\": [{\"id\": 1, \"id\": 2}]}"), 400),
                post("a second JSON value after the body", run(NEW, "append", "", INLINE) + " {}", 400),
                post("orderBy a string", run(NEW, "append", "\"keys\": [\"id\"], \"duplicates\": \"keep_latest\", \"orderBy\": \"id\",",
                        INLINE), 400),
                post("a number for the table name", "{\"table\": 5, \"strategy\": \"append\", \"source\": " + INLINE + "}", 400),
                post("an object for the table name", "{\"table\": {\"a\": 1}, \"strategy\": \"append\", \"source\": " + INLINE + "}",
                        400),
                post("a string for nullSafeKeys", run(NEW, "merge", "\"keys\": [\"id\"], \"nullSafeKeys\": \"true\",", INLINE), 400),
                post("a number for the strategy", "{\"table\": \"" + NEW + "\", \"strategy\": 1, \"source\": " + INLINE + "}", 400),
                // unknown names
                post("unknown field", run(NEW, "append", "\"partitonBy\": [\"day\"],", INLINE), 422),
                post("unknown strategy", run(NEW, "upsert", "", INLINE), 422),
                post("unknown format", run(NEW, "append", "\"format\": \"iceberg\",", INLINE), 422),
                post("unknown source type", run(NEW, "append", "", "{\"type\": \"ftp\", \"path\": \"/x\"}"), 422),
                post("source type missing", run(NEW, "append", "", "{\"schema\": \"id BIGINT\", \"rows\": []}"), 422),
                post("no source", "{\"table\": \"" + NEW + "\", \"strategy\": \"append\"}", 422),
                post("no table", "{\"strategy\": \"append\", \"source\": " + INLINE + "}", 422),
                post("no strategy", "{\"table\": \"" + NEW + "\", \"source\": " + INLINE + "}", 422),
                // identifiers
                post("SQL in the table name", run("it.x; DROP TABLE it.y", "append", "", INLINE), 422),
                post("backtick in the table name", run("it.`x`", "append", "", INLINE), 422),
                post("three-part table name", run("a.b.c", "append", "", INLINE), 422),
                post("one-part table name", run("corpus", "append", "", INLINE), 422),
                post("table name of 300 characters", run("it." + "x".repeat(300), "append", "", INLINE), 422),
                post("SQL in a key", run(NEW, "merge", "\"keys\": [\"id; DROP TABLE x\"],", INLINE), 422),
                post("SQL in a partition column", run(NEW, "append", "\"partitionBy\": [\"day) --\"],", INLINE), 422),
                post("SQL in a column of the schema", run(NEW, "append", "",
                        "{\"type\": \"inline\", \"schema\": \"`id; DROP` BIGINT\", \"rows\": []}"), 422),
                // merge and keys
                post("merge without keys", run(NEW, "merge", "", INLINE), 422),
                post("keys not in the schema", run(NEW, "merge", "\"keys\": [\"nope\"],", INLINE), 422),
                post("empty key list", run(NEW, "merge", "\"keys\": [],", INLINE), 422),
                post("duplicate keys in the source", run(EXISTING, "merge", "\"keys\": [\"id\"],",
                        "{\"type\": \"inline\", \"schema\": \"id BIGINT, day DATE\", \"rows\": [" + ROW + "," + ROW + "]}"), 422),
                post("partition column not in the schema", run(NEW, "append", "\"partitionBy\": [\"nope\"],", INLINE), 422),
                // rows and schemas
                post("invalid schema DDL", run(NEW, "append", "", "{\"type\": \"inline\", \"schema\": \"id BIGINTEGER\", \"rows\": []}"), 422),
                post("a column twice in the schema", run(NEW, "append", "",
                        "{\"type\": \"inline\", \"schema\": \"id BIGINT, ID STRING\", \"rows\": []}"), 422),
                post("a string for a BIGINT", run(NEW, "append", "",
                        "{\"type\": \"inline\", \"schema\": \"id BIGINT\", \"rows\": [{\"id\": \"one\"}]}"), 422),
                post("a column the schema lacks", run(NEW, "append", "",
                        "{\"type\": \"inline\", \"schema\": \"id BIGINT\", \"rows\": [{\"id\": 1, \"extra\": 2}]}"), 422),
                post("a null row", run(NEW, "append", "", "{\"type\": \"inline\", \"schema\": \"id BIGINT\", \"rows\": [null]}"), 422),
                post("more inline rows than allowed", run(NEW, "append", "",
                        "{\"type\": \"inline\", \"schema\": \"id BIGINT\", \"rows\": [" + "{\"id\": 1},".repeat(10_000) + "{\"id\": 2}]}"), 422),
                post("a schema that conflicts with the table", run(EXISTING, "append", "",
                        "{\"type\": \"inline\", \"schema\": \"id STRING, day DATE\", \"rows\": [{\"id\": \"a\", \"day\": \"2024-01-02\"}]}"), 422),
                post("partitioning that contradicts the table", run(EXISTING, "append", "\"partitionBy\": [\"id\"],", INLINE), 422),
                post("another format than the table's", run(EXISTING, "append", "\"format\": \"parquet\",", INLINE), 409),
                // files outside the roots
                post("../ out of the inbox", run(NEW, "append", "", files("{inbox}/../ledger/sluice.mv.db")), 422),
                post("an absolute path outside the roots", run(NEW, "append", "", files("/etc/passwd")), 422),
                post("a file: URI", run(NEW, "append", "", files("file:///etc/passwd")), 422),
                post("an hdfs: URI", run(NEW, "append", "", files("hdfs://namenode:8020/data/x.csv")), 422),
                post("an s3a: URI", run(NEW, "append", "", files("s3a://bucket/x.csv")), 422),
                post("a reader option off the allow-list", run(NEW, "append", "",
                        "{\"type\": \"files\", \"format\": \"csv\", \"path\": \"{inbox}/x.csv\", \"options\": {\"basePath\": \"/\"}}"), 422),
                post("files without a format", run(NEW, "append", "", "{\"type\": \"files\", \"path\": \"{inbox}/x.csv\"}"), 422),
                // databases and APIs not configured
                post("a host not on the allow-list", run(NEW, "append", "",
                        "{\"type\": \"http\", \"name\": \"a\", \"endpoint\": \"b\", \"url\": \"http://169.254.169.254/latest/meta-data\"}"), 422),
                post("a file: URL for an http source", run(NEW, "append", "",
                        "{\"type\": \"http\", \"name\": \"a\", \"endpoint\": \"b\", \"url\": \"file:///etc/passwd\"}"), 422),
                post("../ in a staging folder name", run(NEW, "append", "",
                        "{\"type\": \"staging\", \"name\": \"..\", \"endpoint\": \"ledger\"}"), 422),
                post("an unconfigured JDBC connection", run(NEW, "append", "",
                        "{\"type\": \"jdbc\", \"connection\": \"prod\", \"table\": \"public.users\"}"), 422),
                post("a JDBC query that is not a SELECT", run(NEW, "append", "",
                        "{\"type\": \"jdbc\", \"connection\": \"pgtest\", \"query\": \"DROP TABLE users\"}"), 422),
                post("a JDBC URL in the request", run(NEW, "append", "",
                        "{\"type\": \"jdbc\", \"url\": \"jdbc:postgresql://evil/x\", \"table\": \"t\"}"), 422),
                // other endpoints
                call("an unknown run", HttpMethod.GET, "/api/v1/runs/" + UUID.randomUUID(), null, 404),
                call("a run id that is no UUID", HttpMethod.GET, "/api/v1/runs/not-a-uuid", null, 400),
                call("cancel an unknown run", HttpMethod.DELETE, "/api/v1/runs/" + UUID.randomUUID(), null, 404),
                call("roll back an unknown run", HttpMethod.POST, "/api/v1/runs/" + UUID.randomUUID() + "/rollback", null, 404),
                call("a long poll beyond 60 s", HttpMethod.GET, "/api/v1/runs/" + UUID.randomUUID() + "?waitSeconds=3600", null, 422),
                call("a page size of 10000", HttpMethod.GET, "/api/v1/runs?size=10000", null, 422),
                call("restore to a fractional version", HttpMethod.POST, "/api/v1/tables/" + EXISTING + "/restore",
                        "{\"version\": 0.9}", 400),
                call("restore to a version given as a string", HttpMethod.POST, "/api/v1/tables/" + EXISTING + "/restore",
                        "{\"version\": \"0\"}", 400),
                call("restore to a timestamp given as a number", HttpMethod.POST, "/api/v1/tables/" + EXISTING + "/restore",
                        "{\"timestamp\": 1700000000}", 400),
                call("a history limit below 1", HttpMethod.GET, "/api/v1/tables/" + EXISTING + "/history?limit=-5", null, 422),
                call("a history limit of 0", HttpMethod.GET, "/api/v1/tables/" + EXISTING + "/history?limit=0", null, 422),
                call("a history limit of 5000", HttpMethod.GET, "/api/v1/tables/" + EXISTING + "/history?limit=5000", null, 422),
                call("a history limit that is no number", HttpMethod.GET, "/api/v1/tables/" + EXISTING + "/history?limit=ten", null, 400),
                call("a run status that is none", HttpMethod.GET, "/api/v1/runs?status=finished", null, 400),
                call("the error page without an error", HttpMethod.GET, "/error", null, 404),
                call("the error page posted to", HttpMethod.POST, "/error", "{}", 404),
                call("restore to no version", HttpMethod.POST, "/api/v1/tables/" + EXISTING + "/restore", "{}", 422),
                call("restore to a version that never was", HttpMethod.POST, "/api/v1/tables/" + EXISTING + "/restore",
                        "{\"version\": 99}", 422),
                call("a ; in the path (the firewall)", HttpMethod.GET, "/api/v1/tables/x;y/history", null, 400),
                call("history of a bad table name", HttpMethod.GET, "/api/v1/tables/x.y.z/history", null, 422),
                call("a preview of 5000 rows", HttpMethod.GET, "/api/v1/tables/" + EXISTING + "/preview?limit=5000", null, 422),
                call("a watermark name with SQL", HttpMethod.PUT, "/api/v1/tables/" + EXISTING + "/watermarks/x'--",
                        "{\"column\": \"id\", \"value\": \"1\"}", 422),
                call("a watermark without a value", HttpMethod.PUT, "/api/v1/tables/" + EXISTING + "/watermarks/id",
                        "{\"column\": \"id\"}", 422),
                call("reset a watermark that is not there", HttpMethod.DELETE, "/api/v1/tables/" + EXISTING + "/watermarks/nope", null, 404),
                call("a method the route lacks", HttpMethod.PUT, "/api/v1/runs", "{}", 405),
                call("an unknown route", HttpMethod.GET, "/api/v1/secrets", null, 404),
                call("a dry run of a bad request", HttpMethod.POST, "/api/v1/runs?dryRun=true", run(NEW, "merge", "", INLINE), 422)));
        return cases.stream();
    }

    static String files(String path) {
        return "{\"type\": \"files\", \"format\": \"csv\", \"path\": \"" + path + "\"}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void shouldBeRefusedWithAProblemAndChangeNothing(String name, HttpMethod method, String path, String body, int status) {
        String inbox = dataDir + "/inbox";
        ResponseEntity<JsonNode> response = exchange(method, path, body == null ? null : body.replace("{inbox}", inbox),
                MediaType.APPLICATION_JSON);

        assertProblem(response, status);
        assertThat(sluice.table(EXISTING).get("version").asLong()).as("the existing table is unchanged").isEqualTo(version);
        assertThat(sluice.get("/api/v1/tables/" + NEW).getStatusCode()).as("no table was created").isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(runsOf(EXISTING)).as("no run was recorded").isEqualTo(runs);
        assertThat(runsOf(NEW)).as("no run was recorded").isZero();
        assertThat(sluice.get("/actuator/health/readiness").getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void shouldTakeEnumQueryParametersInAnyCaseAndListTheValuesOfOneItLacks() {
        assertThat(sluice.get("/api/v1/runs?table=" + EXISTING + "&status=succeeded").getBody().get("total").asLong()).isEqualTo(runs);
        assertThat(sluice.get("/api/v1/runs?table=" + EXISTING + "&status=Succeeded").getBody().get("total").asLong()).isEqualTo(runs);

        ResponseEntity<JsonNode> unknown = sluice.get("/api/v1/runs?status=finished");
        assertProblem(unknown, 400);
        assertThat(unknown.getBody().get("detail").asString())
                .isEqualTo("parameter 'status': 'finished' is not one of: queued, running, succeeded, failed, cancelled");
    }

    @Test
    void shouldNameTheFieldAndWhatItExpectedWithoutCoercingAFractionalVersion() {
        ResponseEntity<JsonNode> response = exchange(HttpMethod.POST, "/api/v1/tables/" + EXISTING + "/restore", "{\"version\": 0.9}",
                MediaType.APPLICATION_JSON);

        assertProblem(response, 400);
        assertThat(response.getBody().get("detail").asString()).isEqualTo("field 'version': expected an integer, got 0.9");
        assertThat(sluice.table(EXISTING).get("version").asLong()).isEqualTo(version);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transport")
    void transportProblemsShouldBeRefusedToo(String name, String body, MediaType type, int status) {
        assertProblem(exchange(HttpMethod.POST, "/api/v1/runs", body, type), status);
        assertThat(sluice.get("/api/v1/tables/" + NEW).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    static Stream<Arguments> transport() {
        String huge = run(NEW, "append", "", "{\"type\": \"inline\", \"schema\": \"s STRING\", \"rows\": [{\"s\": \""
                + "x".repeat(1536 * 1024) + "\"}]}"); // the tests' limit is 1 MB
        return Stream.of(Arguments.of("a body over the size limit", huge, MediaType.APPLICATION_JSON, 413),
                Arguments.of("plain text", run(NEW, "append", "", INLINE), MediaType.TEXT_PLAIN, 415));
    }

    private ResponseEntity<JsonNode> exchange(HttpMethod method, String path, String body, MediaType type) {
        RestClient http = RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultHeader("X-API-Key", SluiceClient.OPERATOR_KEY).defaultStatusHandler(code -> true, (request, response) -> { }).build();
        var spec = http.method(method).uri(path);
        if (body != null) {
            spec.contentType(type).body(body);
        }
        return spec.retrieve().toEntity(JsonNode.class);
    }

    private static void assertProblem(ResponseEntity<JsonNode> response, int status) {
        assertThat(response.getStatusCode().value()).as("%s", response.getBody()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = response.getBody();
        assertThat(problem.get("type").asString()).startsWith("urn:sluice:problem:");
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.toString()).doesNotContain("Exception", "\tat ", "password", "java.", "io.sluice", "JsonToken");
    }
}
