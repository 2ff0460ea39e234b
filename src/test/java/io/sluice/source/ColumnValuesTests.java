package io.sluice.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.spark.sql.types.DataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.sluice.problem.InvalidRequestException.Violation;

/** JSON values of inline rows against column types, the way Spark will read them, without Spark running. */
class ColumnValuesTests {

    static final String FIELD = "source.rows[3].v";

    static DataType type(String ddl) {
        return DataType.fromDDL(ddl);
    }

    static Arguments refused(String type, Object value, String message) {
        return Arguments.of(type, value, message);
    }

    /** Each JSON value (as Jackson reads it: Integer, Long, BigInteger, BigDecimal or Double, String, Map, List) and its problem. */
    static Stream<Arguments> refusedJson() {
        return Stream.of(
                refused("BIGINT", new BigInteger("9223372036854775808"), "9223372036854775808 is out of range for BIGINT"),
                refused("BIGINT", new BigInteger("-9223372036854775809"), "-9223372036854775809 is out of range for BIGINT"),
                refused("BIGINT", new BigDecimal("1e400"), "1E+400 is out of range for BIGINT"),
                refused("BIGINT", Double.POSITIVE_INFINITY, "a number beyond ±1.8E308 is out of range for BIGINT"),
                refused("BIGINT", new BigDecimal("1.5"), "1.5 has a decimal point or exponent: BIGINT takes whole numbers such as 42"),
                refused("BIGINT", 1.5d, "1.5 has a decimal point or exponent: BIGINT takes whole numbers such as 42"),
                refused("BIGINT", new BigDecimal("1.0"), "1.0 has a decimal point or exponent: BIGINT takes whole numbers such as 42"),
                refused("BIGINT", "one", "'one' is not a BIGINT: expected a whole number from -9223372036854775808 to 9223372036854775807"),
                refused("BIGINT", true, "true is not a BIGINT: expected a whole number from -9223372036854775808 to 9223372036854775807"),
                refused("INT", 2147483648L, "2147483648 is out of range for INT"),
                refused("INT", -2147483649L, "-2147483649 is out of range for INT"),
                refused("SMALLINT", 32768, "32768 is out of range for SMALLINT"),
                refused("TINYINT", 128, "128 is out of range for TINYINT"),
                refused("TINYINT", -129, "-129 is out of range for TINYINT"),
                refused("DOUBLE", new BigDecimal("1e400"), "1E+400 is out of range for DOUBLE"),
                refused("DOUBLE", new BigDecimal("-1e400"), "-1E+400 is out of range for DOUBLE"),
                refused("DOUBLE", Double.NaN, "a number beyond ±1.8E308 is out of range for DOUBLE"),
                refused("DOUBLE", "NaN", "'NaN' is not a DOUBLE: expected a finite number"),
                refused("FLOAT", new BigDecimal("1e39"), "1E+39 is out of range for FLOAT"),
                refused("DECIMAL(5,2)", new BigDecimal("123456.789"),
                        "123456.789 is out of range for DECIMAL(5,2): at most 3 digits before the decimal point"),
                refused("DECIMAL(5,2)", 1000, "1000 is out of range for DECIMAL(5,2): at most 3 digits before the decimal point"),
                refused("DECIMAL(5,2)", new BigDecimal("1.234"), "1.234 needs rounding to fit DECIMAL(5,2): at most 2 digits after the decimal point"),
                refused("DECIMAL(5,2)", 1.005d, "1.005 needs rounding to fit DECIMAL(5,2): at most 2 digits after the decimal point"),
                refused("DECIMAL(5,2)", "1.234", "'1.234' needs rounding to fit DECIMAL(5,2): at most 2 digits after the decimal point"),
                refused("DECIMAL(5,2)", "12 euros", "'12 euros' is not a DECIMAL(5,2): expected a number with at most 3 digits before and 2 after"
                        + " the decimal point"),
                refused("DECIMAL(2,2)", new BigDecimal("1.5"), "1.5 is out of range for DECIMAL(2,2): at most 0 digits before the decimal point"),
                refused("DATE", "2024-02-30", "'2024-02-30' is not a DATE: expected a date as yyyy-MM-dd, such as 2024-08-01"),
                refused("DATE", "2024-08-01' OR '1'='1", "'2024-08-01' OR '1'='1' is not a DATE: expected a date as yyyy-MM-dd, such as 2024-08-01"),
                refused("DATE", "yesterday", "'yesterday' is not a DATE: expected a date as yyyy-MM-dd, such as 2024-08-01"),
                refused("DATE", "today", "'today' is not a DATE: expected a date as yyyy-MM-dd, such as 2024-08-01"),
                refused("DATE", "epoch", "'epoch' is not a DATE: expected a date as yyyy-MM-dd, such as 2024-08-01"),
                refused("DATE", "19000", "'19000' is not a DATE: expected a date as yyyy-MM-dd, such as 2024-08-01"),
                refused("DATE", 20240801, "20240801 is not a DATE: expected a date as yyyy-MM-dd, such as 2024-08-01"),
                refused("TIMESTAMP", "now", "'now' is not a TIMESTAMP: expected a timestamp such as 2024-08-01T10:00:00Z, or 2024-08-01 10:00:00"
                        + " in the session time zone"),
                refused("TIMESTAMP", "12:00:00", "'12:00:00' is not a TIMESTAMP: expected a timestamp such as 2024-08-01T10:00:00Z, or"
                        + " 2024-08-01 10:00:00 in the session time zone"),
                refused("TIMESTAMP", "2024-08-01 25:00:00", "'2024-08-01 25:00:00' is not a TIMESTAMP: expected a timestamp such as"
                        + " 2024-08-01T10:00:00Z, or 2024-08-01 10:00:00 in the session time zone"),
                refused("TIMESTAMP", "2024-08-01T10:00:00 Mars/Olympus", "'2024-08-01T10:00:00 Mars/Olympus' is not a TIMESTAMP: expected a"
                        + " timestamp such as 2024-08-01T10:00:00Z, or 2024-08-01 10:00:00 in the session time zone"),
                refused("TIMESTAMP", new BigDecimal("1.5"), "1.5 is not a TIMESTAMP: expected a timestamp such as 2024-08-01T10:00:00Z, or"
                        + " 2024-08-01 10:00:00 in the session time zone"),
                refused("TIMESTAMP", 9_300_000_000_000L, "9300000000000 is out of range for TIMESTAMP"),
                refused("TIMESTAMP_NTZ", "2024-08-01T10:00:00Z", "'2024-08-01T10:00:00Z' is not a TIMESTAMP_NTZ: expected a timestamp without"
                        + " offset, such as 2024-08-01T10:00:00"),
                refused("BOOLEAN", "true", "'true' is not a BOOLEAN: expected true or false"),
                refused("BOOLEAN", 1, "1 is not a BOOLEAN: expected true or false"),
                refused("STRING", Map.of("a", 1), "a JSON object is not a STRING: expected text, a number or true or false"),
                refused("BINARY", "not base64!", "'not base64!' is not a BINARY: expected base64 text"),
                refused("ARRAY<INT>", 5, "5 is not a ARRAY<INT>: expected a JSON array"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("refusedJson")
    void shouldRefuseAJsonValueThatSparkWouldNotReadAsItIs(String type, Object value, String message) {
        assertThat(ColumnValues.check(FIELD, value, type(type))).contains(new Violation(FIELD, message));
    }

    static Stream<Arguments> acceptedJson() {
        return Stream.of(
                Arguments.of("BIGINT", Long.MAX_VALUE), Arguments.of("BIGINT", new BigInteger("-9223372036854775808")),
                Arguments.of("BIGINT", 1), Arguments.of("INT", Integer.MIN_VALUE), Arguments.of("SMALLINT", -32768),
                Arguments.of("TINYINT", 127), Arguments.of("DOUBLE", new BigDecimal("1.7976931348623157E308")),
                Arguments.of("DOUBLE", 1), Arguments.of("DOUBLE", 0.1d), Arguments.of("FLOAT", new BigDecimal("3.4e38")),
                Arguments.of("DECIMAL(38,18)", new BigDecimal("12345678901234567890.123456789012345678")),
                Arguments.of("DECIMAL(38,18)", "-12345678901234567890.123456789012345678"),
                Arguments.of("DECIMAL(5,2)", new BigDecimal("999.99")), Arguments.of("DECIMAL(5,2)", 12),
                Arguments.of("DECIMAL(5,1)", new BigDecimal("1.50")), // a zero past the scale needs no rounding
                Arguments.of("DECIMAL(5,2)", new BigDecimal("0.000")), Arguments.of("DECIMAL(5,0)", new BigDecimal("1E+2")),
                Arguments.of("DECIMAL(2,2)", new BigDecimal("0.5")),
                Arguments.of("DATE", "2024-02-29"), Arguments.of("DATE", "2024-8-1"),
                Arguments.of("TIMESTAMP", "2024-08-01T10:00:00+02:00"), Arguments.of("TIMESTAMP", "2024-08-01 10:00:00"),
                Arguments.of("TIMESTAMP", "2024-08-01T10:00:00.123456Z"), Arguments.of("TIMESTAMP", "2024-08-01"),
                Arguments.of("TIMESTAMP", 1722506400), // Spark reads a JSON integer as epoch seconds
                Arguments.of("TIMESTAMP_NTZ", "2024-08-01T10:00:00"), Arguments.of("BOOLEAN", false),
                Arguments.of("STRING", "it's \"quoted\""), Arguments.of("STRING", 42), Arguments.of("BINARY", "aGVsbG8="),
                Arguments.of("ARRAY<INT>", List.of(1, 2)), Arguments.of("MAP<STRING, DATE>", Map.of("a", "2024-01-01")),
                Arguments.of("STRUCT<a: INT, b: STRING>", Map.of("a", 1)), Arguments.of("INTERVAL DAY", "INTERVAL '1' DAY"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("acceptedJson")
    void shouldAcceptAJsonValueSparkReadsExactly(String type, Object value) {
        assertThat(ColumnValues.check(FIELD, value, type(type))).isEmpty();
    }

    @Test
    void nullShouldFitEveryType() {
        assertThat(ColumnValues.check(FIELD, null, type("DATE"))).isEmpty();
        assertThat(ColumnValues.check(FIELD, java.util.Arrays.asList(1, null), type("ARRAY<INT>"))).isEmpty();
    }

    @Test
    void nestedValuesShouldBeCheckedAndNamedByTheirPath() {
        DataType type = type("STRUCT<id: BIGINT, tags: ARRAY<STRING>, scores: MAP<STRING, INT>, inner: STRUCT<day: DATE>>");
        assertThat(ColumnValues.check("source.rows[0].s", Map.of("tags", List.of("a", List.of())), type)).contains(
                new Violation("source.rows[0].s.tags[1]", "a JSON array is not a STRING: expected text, a number or true or false"));
        assertThat(ColumnValues.check("source.rows[0].s", Map.of("scores", Map.of("x", 2147483648L)), type))
                .contains(new Violation("source.rows[0].s.scores.x", "2147483648 is out of range for INT"));
        assertThat(ColumnValues.check("source.rows[0].s", Map.of("inner", Map.of("day", "2024-13-01")), type)).contains(
                new Violation("source.rows[0].s.inner.day", "'2024-13-01' is not a DATE: expected a date as yyyy-MM-dd, such as 2024-08-01"));
        assertThat(ColumnValues.check("source.rows[0].s", Map.of("nope", 1), type)).map(Violation::message)
                .contains("no field 'nope' in STRUCT<id: BIGINT, tags: ARRAY<STRING>, scores: MAP<STRING, INT>, inner: STRUCT<day: DATE>>");
        assertThat(ColumnValues.check("source.rows[0].s", "x", type)).map(Violation::field).contains("source.rows[0].s");
    }
}
