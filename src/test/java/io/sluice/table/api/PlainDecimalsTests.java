package io.sluice.table.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

class PlainDecimalsTests {

    final JsonMapper json = JsonMapper.builder().build();

    @Test
    void shouldWriteEveryDigitOfADecimalIncludingItsTrailingZeros() {
        assertThat(PlainDecimals.text(new BigDecimal("0E-18"))).isEqualTo("0.000000000000000000");
        assertThat(PlainDecimals.text(new BigDecimal("1E-18"))).isEqualTo("0.000000000000000001");
        assertThat(PlainDecimals.text(new BigDecimal("-99999999999999999999.999999999999999999")))
                .isEqualTo("-99999999999999999999.999999999999999999");
        assertThat(PlainDecimals.text(new BigDecimal("12.50"))).isEqualTo("12.50");
    }

    @Test
    void shouldKeepTheShortNotationOfANumberNoDecimalColumnCouldHold() {
        assertThat(PlainDecimals.text(new BigDecimal("1.0E+300"))).isEqualTo("1.0E+300");
        assertThat(PlainDecimals.text(new BigDecimal("4.9E-324"))).isEqualTo("4.9E-324");
    }

    @Test
    void shouldWritePreviewRowsWithPlainDecimalsAtAnyDepthAndKeepNullsAndOtherValues() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("amount", new BigDecimal("0E-18"));
        row.put("nested", Map.of("inner", new BigDecimal("1E-7")));
        row.put("list", Arrays.asList(new BigDecimal("1E-3"), null, "x"));
        row.put("at", "2300-01-01T00:00:00.000001Z");
        row.put("id", 1L);
        row.put("missing", null);

        assertThat(json.writeValueAsString(new TablePreview("db.t", List.of("amount"), List.of(row)))).isEqualTo(
                "{\"table\":\"db.t\",\"columns\":[\"amount\"],\"rows\":[{\"amount\":0.000000000000000000,"
                        + "\"nested\":{\"inner\":0.0000001},\"list\":[0.001,null,\"x\"],\"at\":\"2300-01-01T00:00:00.000001Z\","
                        + "\"id\":1,\"missing\":null}]}");
    }
}
