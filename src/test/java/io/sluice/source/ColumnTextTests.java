package io.sluice.source;

import static io.sluice.source.ColumnValuesTests.refused;
import static io.sluice.source.ColumnValuesTests.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Optional;
import java.util.stream.Stream;

import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.sluice.problem.InvalidRequestException;
import io.sluice.problem.InvalidRequestException.Violation;

/** Text values (watermarks) against column types and their canonical text, without Spark running. */
class ColumnTextTests {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    static Stream<Arguments> canonicalText() {
        return Stream.of(
                Arguments.of("BIGINT", " +42 ", "42"), Arguments.of("BIGINT", "-9223372036854775808", "-9223372036854775808"),
                Arguments.of("INT", "007", "7"), Arguments.of("DECIMAL(10,2)", "12.5", "12.50"),
                Arguments.of("DECIMAL(10,2)", "1.2E+3", "1200.00"), Arguments.of("DECIMAL(10,2)", "3.1400", "3.14"),
                Arguments.of("DECIMAL(38,18)", "12345678901234567890.123456789012345678", "12345678901234567890.123456789012345678"),
                Arguments.of("DOUBLE", "1e10", "1.0E10"), Arguments.of("DOUBLE", "0.1", "0.1"), Arguments.of("FLOAT", "0.1", "0.1"),
                Arguments.of("DATE", "2024-8-1", "2024-08-01"), Arguments.of("DATE", " 2024-02-29 ", "2024-02-29"),
                Arguments.of("TIMESTAMP", "2024-08-02 10:00:00", "2024-08-02T08:00:00Z"), // Berlin is UTC+2 in August
                Arguments.of("TIMESTAMP", "2024-08-02T10:00:00+05:30", "2024-08-02T04:30:00Z"),
                Arguments.of("TIMESTAMP", "2024-08-02T10:00:00.123456Z", "2024-08-02T10:00:00.123456Z"),
                Arguments.of("TIMESTAMP", "2024-08-02T08:00:00Z", "2024-08-02T08:00:00Z"),
                Arguments.of("TIMESTAMP_NTZ", "2024-08-02 10:00", "2024-08-02T10:00:00"), Arguments.of("BOOLEAN", "TRUE", "true"),
                Arguments.of("STRING", " x' OR '1'='1", " x' OR '1'='1"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("canonicalText")
    void shouldStoreTextInOneCanonicalFormPerType(String type, String text, String canonical) {
        assertThat(ColumnText.canonical("value", text, type(type), BERLIN)).isEqualTo(canonical);
    }

    static Stream<Arguments> refusedText() {
        return Stream.of(
                refused("DATE", "not-a-date", "'not-a-date' is not a DATE: expected a date as yyyy-MM-dd, such as 2024-08-01"),
                refused("DATE", "yesterday", "'yesterday' is not a DATE: expected a date as yyyy-MM-dd, such as 2024-08-01"),
                refused("DATE", "2024-02-30", "'2024-02-30' is not a DATE: expected a date as yyyy-MM-dd, such as 2024-08-01"),
                refused("DATE", "2024-08-01T00:00:00Z", "'2024-08-01T00:00:00Z' is not a DATE: expected a date as yyyy-MM-dd, such as 2024-08-01"),
                refused("TIMESTAMP", "yesterday", "'yesterday' is not a TIMESTAMP: expected a timestamp such as 2024-08-01T10:00:00Z, or"
                        + " 2024-08-01 10:00:00 in the session time zone"),
                refused("TIMESTAMP", "epoch", "'epoch' is not a TIMESTAMP: expected a timestamp such as 2024-08-01T10:00:00Z, or"
                        + " 2024-08-01 10:00:00 in the session time zone"),
                refused("TIMESTAMP", "1; DROP TABLE x", "'1; DROP TABLE x' is not a TIMESTAMP: expected a timestamp such as"
                        + " 2024-08-01T10:00:00Z, or 2024-08-01 10:00:00 in the session time zone"),
                refused("BIGINT", "1; DROP TABLE x", "'1; DROP TABLE x' is not a BIGINT: expected a whole number from -9223372036854775808 to"
                        + " 9223372036854775807"),
                refused("BIGINT", "1.5", "'1.5' is not a BIGINT: expected a whole number from -9223372036854775808 to 9223372036854775807"),
                refused("BIGINT", "9223372036854775808", "9223372036854775808 is out of range for BIGINT"),
                refused("INT", "2147483648", "2147483648 is out of range for INT"),
                refused("DOUBLE", "1e400", "1e400 is out of range for DOUBLE"),
                refused("DOUBLE", "NaN", "'NaN' is not a DOUBLE: expected a finite number"),
                refused("DOUBLE", "0x1p3", "'0x1p3' is not a DOUBLE: expected a finite number"),
                refused("DECIMAL(5,2)", "123456.789", "123456.789 is out of range for DECIMAL(5,2): at most 3 digits before the decimal point"),
                refused("DECIMAL(5,2)", "1.001", "1.001 needs rounding to fit DECIMAL(5,2): at most 2 digits after the decimal point"),
                refused("BOOLEAN", "yes", "'yes' is not a BOOLEAN: expected true or false"),
                refused("ARRAY<INT>", "[1]", "a ARRAY<INT> column cannot hold a watermark: use a number, date, timestamp, boolean or string column"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("refusedText")
    void shouldRefuseTextThatIsNotAValueOfTheType(String type, String text, String message) {
        assertThatThrownBy(() -> ColumnText.canonical("value", text, type(type), BERLIN)).isInstanceOfSatisfying(
                InvalidRequestException.class, e -> assertThat(e.violations()).containsExactly(new Violation("value", message)));
    }

    @Test
    void textOver4000CharactersShouldBeRefused() {
        assertThatThrownBy(() -> ColumnText.canonical("value", "x".repeat(4001), type("STRING"), BERLIN))
                .isInstanceOf(InvalidRequestException.class).hasMessage("value: a value of at most 4000 characters is required");
    }

    @Test
    void sparkValuesShouldFormatAsTheCanonicalText() {
        assertThat(ColumnText.format(Timestamp.from(Instant.parse("2024-08-02T08:00:00Z")), DataTypes.TimestampType))
                .isEqualTo("2024-08-02T08:00:00Z");
        assertThat(ColumnText.format(Instant.parse("2024-08-02T08:00:00.000001Z"), DataTypes.TimestampType))
                .isEqualTo("2024-08-02T08:00:00.000001Z");
        assertThat(ColumnText.format(java.sql.Date.valueOf("2024-08-02"), DataTypes.DateType)).isEqualTo("2024-08-02");
        assertThat(ColumnText.format(LocalDate.of(2024, 8, 2), DataTypes.DateType)).isEqualTo("2024-08-02");
        assertThat(ColumnText.format(LocalDateTime.of(2024, 8, 2, 10, 0), DataTypes.TimestampNTZType)).isEqualTo("2024-08-02T10:00:00");
        assertThat(ColumnText.format(new BigDecimal("1E+3"), DataTypes.createDecimalType(10, 2))).isEqualTo("1000.00");
        assertThat(ColumnText.format(1.0E10, DataTypes.DoubleType)).isEqualTo("1.0E10");
        assertThat(ColumnText.format(50L, DataTypes.LongType)).isEqualTo("50");
        assertThat(ColumnText.format(null, DataTypes.LongType)).isNull();
        // what a run stores reads back as the same canonical text
        assertThat(ColumnText.canonical("value", "1.0E10", DataTypes.DoubleType, BERLIN)).isEqualTo("1.0E10");
        assertThat(Optional.of(ColumnText.canonical("value", "2024-08-02T08:00:00Z", DataTypes.TimestampType, BERLIN)))
                .contains("2024-08-02T08:00:00Z");
    }
}
