package io.sluice.run.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import io.sluice.support.FakeApi;
import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Completion callbacks against loopback receivers: retried, signed, refused off the allow-list, never holding a run. */
@SluiceIntegrationTest
class CallbackIntegrationTests {

    /** The tests' sluice.callbacks.secret (src/test/resources/config/application.yml). */
    static final String SECRET = "test-callback-secret";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String STINTS = "session_key INT, driver_number INT, stint_number INT, compound STRING, lap_start INT, lap_end INT";

    @Autowired
    SluiceClient sluice;

    @Test
    void aReceiverThatFailsTwiceShouldGetTheRunDocumentOnTheThirdAttempt() throws Exception {
        try (Receiver receiver = Receiver.answering(index -> index < 2 ? 503 : 200)) {
            String id = sluice.submit(request(SluiceClient.uniqueTable("callback_retried"), receiver.url()));
            JsonNode run = sluice.awaitEnd(id);
            assertThat(run.get("status").asString()).isEqualTo("SUCCEEDED");

            JsonNode callback = awaitDelivery(id);
            assertThat(callback.get("url").asString()).isEqualTo(receiver.url());
            assertThat(callback.get("delivered").asBoolean()).isTrue();
            assertThat(callback.get("pending").asBoolean()).isFalse();
            assertThat(attempts(callback)).containsExactly(
                    Map.of("attempt", 1, "statusCode", 503, "error", "HTTP 503"),
                    Map.of("attempt", 2, "statusCode", 503, "error", "HTTP 503"),
                    Map.of("attempt", 3, "statusCode", 200));

            List<Receiver.Delivery> received = receiver.received();
            assertThat(received).hasSize(3);
            JsonNode document = JSON.readTree(sluice.getText("/api/v1/runs/" + id));
            for (Receiver.Delivery delivery : received) {
                assertThat(JSON.readTree(delivery.body())).isEqualTo(document);
                assertThat(delivery.header("Idempotency-Key")).isEqualTo(id);
                assertThat(delivery.header("Content-Type")).isEqualTo("application/json");
            }
        }
    }

    @Test
    void aReceiverShouldVerifyTheSignatureWithTheSecretAndRefuseATamperedBody() throws Exception {
        try (Receiver receiver = new Receiver((index, delivery) -> verifies(delivery.header("Sluice-Signature"), delivery.body()) ? 204 : 401)) {
            String id = sluice.submit(request(SluiceClient.uniqueTable("callback_signed"), receiver.url()));
            sluice.awaitEnd(id);

            JsonNode callback = awaitDelivery(id);
            assertThat(attempts(callback)).containsExactly(Map.of("attempt", 1, "statusCode", 204));
            Receiver.Delivery delivery = receiver.received().get(0);
            String signature = delivery.header("Sluice-Signature");
            assertThat(signature).matches("t=\\d+,v1=[0-9a-f]{64}");
            String tampered = delivery.body().replace("\"SUCCEEDED\"", "\"FAILED\"");
            assertThat(tampered).isNotEqualTo(delivery.body());
            assertThat(verifies(signature, tampered)).isFalse();
            String otherTime = signature.replaceFirst("t=(\\d+)", "t=1");
            assertThat(verifies(otherTime, delivery.body())).isFalse();
        }
    }

    @Test
    void aReceiverThatRefusesShouldNotBeAskedAgain() throws Exception {
        try (Receiver receiver = Receiver.answering(index -> 400)) {
            String id = sluice.submit(request(SluiceClient.uniqueTable("callback_refused"), receiver.url()));
            sluice.awaitEnd(id);

            JsonNode callback = awaitDelivery(id);
            assertThat(callback.get("delivered").asBoolean()).isFalse();
            assertThat(attempts(callback)).containsExactly(Map.of("attempt", 1, "statusCode", 400, "error", "HTTP 400"));
            assertThat(receiver.received()).hasSize(1);
        }
    }

    @Test
    void aReceiverThatNeverAnswersShouldNeitherHoldNorFailTheRun() throws Exception {
        try (Receiver receiver = Receiver.answering(index -> 0)) {
            String id = sluice.submit(request(SluiceClient.uniqueTable("callback_dead"), receiver.url()));
            JsonNode run = sluice.awaitEnd(id);
            assertThat(run.get("status").asString()).isEqualTo("SUCCEEDED");

            JsonNode callback = awaitDelivery(id);
            assertThat(callback.get("delivered").asBoolean()).isFalse();
            // the tests' max-attempts and timeout
            assertThat(attempts(callback)).containsExactly(
                    Map.of("attempt", 1, "error", "no answer within 500 ms"),
                    Map.of("attempt", 2, "error", "no answer within 500 ms"),
                    Map.of("attempt", 3, "error", "no answer within 500 ms"),
                    Map.of("attempt", 4, "error", "no answer within 500 ms"));
            // delivery begins once the terminal status is recorded
            assertThat(callback.get("attempts").get(0).get("at").asString().compareTo(run.get("finishedAt").asString()))
                    .isGreaterThanOrEqualTo(0);
            assertThat(sluice.run(id).get("status").asString()).isEqualTo("SUCCEEDED");
        }
    }

    @Test
    void aRunCancelledInTheQueueShouldBeCalledBackWithItsCancelledDocument() throws Exception {
        String table = SluiceClient.uniqueTable("callback_cancelled");
        // a slow API holds the table's lane (50 pages, 200 ms each) while the run behind it is cancelled
        try (FakeApi api = FakeApi.start(3, 50).latencyMillis(200); Receiver receiver = Receiver.answering(index -> 200)) {
            String slow = sluice.submit("""
                    {"table": "%s", "strategy": "append",
                     "source": {"type": "http", "name": "callback-%s", "endpoint": "stints", "url": "%s/v1/stints",
                                "parameters": [{"session_key": 1, "driver_number": 1}], "concurrency": 1,
                                "pagination": {"type": "next_link", "nextField": "next"}, "recordsPath": "results", "schema": "%s"}}"""
                    .formatted(table, table, api.baseUrl(), STINTS));
            String queued = sluice.submit("""
                    {"table": "%s", "strategy": "append", "callback": {"url": "%s"},
                     "source": {"type": "inline", "schema": "%s", "rows": [{"session_key": 1, "driver_number": 1, "stint_number": 1, "compound": "SOFT", "lap_start": 1, "lap_end": 9}]}}"""
                    .formatted(table, receiver.url(), STINTS));
            api.awaitFirstHit(Duration.ofMinutes(1));

            assertThat(sluice.delete("/api/v1/runs/" + queued).getStatusCode()).as("cancelled in the queue").isEqualTo(HttpStatus.OK);
            sluice.delete("/api/v1/runs/" + slow);

            JsonNode callback = awaitDelivery(queued);
            assertThat(attempts(callback)).containsExactly(Map.of("attempt", 1, "statusCode", 200));
            JsonNode delivered = JSON.readTree(receiver.received().get(0).body());
            assertThat(delivered.get("status").asString()).isEqualTo("CANCELLED");
            assertThat(delivered.get("startedAt").isNull()).isTrue();
            assertThat(delivered).isEqualTo(JSON.readTree(sluice.getText("/api/v1/runs/" + queued)));
            sluice.awaitEnd(slow);
        }
    }

    @Test
    void aCallbackOffTheAllowListShouldBeRefusedAndNoRunRecorded() {
        String table = SluiceClient.uniqueTable("callback_off_list");
        ResponseEntity<JsonNode> response = sluice.post("/api/v1/runs", request(table, "http://localhost:8080/hook"));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(response.getBody().get("errors").get(0).get("field").asString()).isEqualTo("callback.url");
        assertThat(response.getBody().get("errors").get(0).get("message").asString())
                .isEqualTo("host localhost:8080 is not in sluice.callbacks.allowed-hosts [127.0.0.1]");
        assertThat(sluice.get("/api/v1/runs?table=" + table).getBody().get("total").asLong()).isZero();
    }

    @Test
    void aRunWithoutACallbackShouldAnswer404ForItsCallback() {
        String id = sluice.submit("""
                {"table": "%s", "strategy": "append", "source": {"type": "inline", "schema": "id BIGINT", "rows": [{"id": 1}]}}"""
                .formatted(SluiceClient.uniqueTable("callback_none")));
        sluice.awaitEnd(id);

        ResponseEntity<JsonNode> response = sluice.get("/api/v1/runs/" + id + "/callback");
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(response.getBody().get("type").asString()).isEqualTo("urn:sluice:problem:callback-not-found");
        assertThat(response.getBody().get("detail").asString()).isEqualTo("run " + id + " has no callback");
    }

    static String request(String table, String callbackUrl) {
        return """
                {"table": "%s", "strategy": "append", "callback": {"url": "%s"},
                 "source": {"type": "inline", "schema": "id BIGINT, name STRING", "rows": [{"id": 1, "name": "a"}]}}"""
                .formatted(table, callbackUrl);
    }

    /** The callback once its delivery has ended (bounded: the tests' attempts take a few seconds at most). */
    private JsonNode awaitDelivery(String id) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            ResponseEntity<JsonNode> response = sluice.get("/api/v1/runs/" + id + "/callback");
            assertThat(response.getStatusCode()).as("%s", response.getBody()).isEqualTo(HttpStatus.OK);
            if (!response.getBody().get("pending").asBoolean()) {
                return response.getBody();
            }
            assertThat(System.nanoTime()).as("callback of run %s still pending after a minute", id).isLessThan(deadline);
            SluiceClient.sleep(50);
        }
    }

    /** Each attempt without its time, and without the fields that are null. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> attempts(JsonNode callback) {
        return callback.get("attempts").valueStream().map(attempt -> {
            Map<String, Object> fields = JSON.convertValue(attempt, Map.class);
            fields.remove("at");
            fields.values().removeIf(value -> value == null);
            return fields;
        }).toList();
    }

    /** What a receiver does, written apart from Sluice's code: HMAC-SHA256 of "t.body", compared in constant time. */
    static boolean verifies(String header, String body) {
        String t = header.replaceFirst("^t=(\\d+),v1=.*$", "$1");
        String v1 = header.replaceFirst("^.*v1=([0-9a-f]+)$", "$1");
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(expected, HexFormat.of().parseHex(v1));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
