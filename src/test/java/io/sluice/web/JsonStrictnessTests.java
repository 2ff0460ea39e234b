package io.sluice.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** The request mapper takes every JSON value as the type it is written in, or refuses it. */
class JsonStrictnessTests {

    enum Colour { RED }

    record Body(Long version, int count, Double ratio, BigDecimal amount, Boolean flag, String name, List<String> columns,
            Colour colour, UUID id, OffsetDateTime at, java.time.Duration backoff, Map<String, Object> row) {
    }

    static final JsonMapper JSON = JsonStrictness.apply(JsonMapper.builder()).build();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{\"version\": 0.9}", "{\"version\": 1.0}", "{\"version\": \"1\"}", "{\"version\": true}", "{\"version\": \"\"}",
            "{\"count\": null}", "{\"count\": 2.5}",
            "{\"ratio\": \"0.5\"}", "{\"amount\": \"1.5\"}", "{\"flag\": 1}", "{\"flag\": \"true\"}",
            "{\"name\": 5}", "{\"name\": 1.5}", "{\"name\": true}", "{\"name\": {\"a\": 1}}", "{\"name\": [\"a\"]}",
            "{\"columns\": \"ts\"}", "{\"columns\": 1}", "{\"columns\": [1]}", "{\"colour\": 0}", "{\"colour\": \"\"}",
            "{\"id\": 5}", "{\"id\": \"\"}", "{\"at\": 1700000000}", "{\"at\": \"yesterday\"}", "{\"backoff\": 30}", "{\"row\": \"\"}", "{\"row\": [1]}",
            "{\"name\": \"a\", \"name\": \"b\"}", "{\"row\": {\"id\": 1, \"id\": 2}}", "{\"name\": \"a\"} {\"name\": \"b\"}",
            "{\"name\": \"a\"} x", "{\"unknown\": 1}" })
    void shouldRefuseAnythingButTheWrittenType(String json) {
        assertThatThrownBy(() -> JSON.readValue(json, Body.class)).isInstanceOf(JacksonException.class);
    }

    @Test
    void shouldReadEachValueAsItIsWritten() {
        Body body = JSON.readValue("""
                {"version": 7, "count": 3, "ratio": 2, "amount": 12345678901234567890.123456789012345678, "flag": false,
                 "name": "n", "columns": ["a", "b"], "colour": "RED", "id": "6f1c2a3e-0000-4000-8000-000000000001",
                 "at": "2024-08-01T10:00:00+02:00", "backoff": "PT30S", "row": {"i": 9223372036854775808, "d": 1.10, "s": "x"}}""", Body.class);

        assertThat(body.version()).isEqualTo(7L);
        assertThat(body.ratio()).isEqualTo(2.0);
        assertThat(body.amount()).isEqualByComparingTo("12345678901234567890.123456789012345678");
        assertThat(body.columns()).containsExactly("a", "b");
        assertThat(body.at()).isEqualTo(OffsetDateTime.parse("2024-08-01T10:00:00+02:00"));
        assertThat(body.backoff()).hasSeconds(30);
        assertThat(body.row()).containsEntry("i", new java.math.BigInteger("9223372036854775808"))
                .containsEntry("d", new BigDecimal("1.10")).containsEntry("s", "x");
    }
}
