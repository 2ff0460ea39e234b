package io.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;

import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;

/**
 * What Tomcat refuses before Spring sees the request, sent byte for byte as a client could: each is a
 * problem response of a Sluice type, not the container's HTML page, and the service stays ready.
 */
@SluiceIntegrationTest
class ContainerRefusalsIntegrationTests {

    @Value("${local.server.port}")
    int port;
    @Autowired
    SluiceClient sluice;

    @BeforeAll
    static void ready(@Autowired SluiceClient sluice) {
        sluice.awaitReady();
    }

    static Stream<Arguments> refusals() {
        String key = "X-API-Key: " + SluiceClient.OPERATOR_KEY + "\r\n";
        return Stream.of(
                Arguments.of("an encoded slash in the path", "GET /api/v1/tables/a%2Fb/history HTTP/1.1\r\nHost: x\r\n" + key, 400),
                Arguments.of("an encoded backslash in the path", "GET /api/v1/tables/a%5Cb HTTP/1.1\r\nHost: x\r\n" + key, 400),
                Arguments.of("a literal <id> pasted into the path", "GET /api/v1/runs/<id> HTTP/1.1\r\nHost: x\r\n" + key, 400),
                Arguments.of("a bare CR in a header", "GET /api/v1/runs HTTP/1.1\r\nHost: x\r\nX-Bad: a\rb\r\n" + key, 400),
                Arguments.of("a header over the size limit", "GET /api/v1/runs HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000)
                        + "\r\n" + key, 400),
                Arguments.of("a request line that is no HTTP", "HELLO\r\n", 400),
                Arguments.of("TRACE", "TRACE /api/v1/runs HTTP/1.1\r\nHost: x\r\n" + key, 405));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void shouldAnswerWithAProblem(String name, String head, int status) throws IOException {
        String response = send(head + "Connection: close\r\n\r\n", 0);

        assertProblem(response, status);
        assertThat(sluice.get("/actuator/health/readiness").getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void shouldRefuseABodyThatArrivesTooSlowly() throws IOException {
        String body = "{\"table\": \"it.slow\", \"strategy\": \"append\", \"source\": {\"type\": \"inline\", \"schema\": \"id INT\", \"rows\": []}}";
        String head = "POST /api/v1/runs HTTP/1.1\r\nHost: x\r\nX-API-Key: " + SluiceClient.OPERATOR_KEY
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n";

        String response = send(head + body, 250); // a byte every 250 ms: the body would take 25 s; the tests allow 3 s

        assertProblem(response, 408);
        assertThat(response).contains("urn:sluice:problem:body-too-slow");
        assertThat(sluice.get("/api/v1/tables/it.slow").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    /** Sends the request, after its head byte by byte with {@code pauseMillis} between bytes, and reads the whole answer. */
    private String send(String request, long pauseMillis) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            byte[] bytes = request.getBytes(StandardCharsets.ISO_8859_1);
            int head = request.indexOf("\r\n\r\n") + 4;
            out.write(bytes, 0, pauseMillis == 0 ? bytes.length : head);
            out.flush();
            try {
                for (int i = head; pauseMillis > 0 && i < bytes.length; i++) {
                    SluiceClient.sleep(pauseMillis);
                    out.write(bytes[i]);
                    out.flush();
                }
            } catch (IOException closed) {
                // the server answered and closed before the body was complete: read what it said
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    private static void assertProblem(String response, int status) {
        assertThat(response).as(response).startsWith("HTTP/1.1 " + status + " ");
        String headers = response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase();
        assertThat(headers).as(response).contains("content-type: application/problem+json");
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        assertThat(body).as(response).contains("\"type\":\"urn:sluice:problem:").contains("\"status\":" + status)
                .doesNotContain("<html", "Exception", "java.", "Tomcat");
    }
}
