package io.sluice.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

import io.sluice.problem.InvalidRequestException;
import io.sluice.problem.InvalidRequestException.Violation;
import io.sluice.source.JdbcRanges.Bound;
import io.sluice.source.JdbcRanges.Bound.Kind;
import io.sluice.source.JdbcRanges.Condition;

/** The ranges of a split JDBC read and the typed values bound into its queries, without a database. */
class JdbcRangesTests {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    static Bound parse(String lower, String upper) {
        return Bound.parse("source.lowerBound", lower, "source.upperBound", upper);
    }

    static long micros(String instant) {
        Instant i = Instant.parse(instant);
        return i.getEpochSecond() * 1_000_000 + i.getNano() / 1_000;
    }

    @Test
    void shouldReadWholeNumberBounds() {
        assertThat(parse("-5", "100")).isEqualTo(new Bound(-5, 100, Kind.NUMBER));
    }

    @Test
    void shouldReadDateBoundsAsEpochDays() {
        assertThat(parse("2024-01-01", "2024-01-31"))
                .isEqualTo(new Bound(LocalDate.of(2024, 1, 1).toEpochDay(), LocalDate.of(2024, 1, 31).toEpochDay(), Kind.DATE));
    }

    @Test
    void shouldReadTimestampBoundsAsEpochMicrosWithALocalTimeInUtc() {
        assertThat(parse("2024-01-01T00:00:00.000001+01:00", "2024-01-01 10:00:00"))
                .isEqualTo(new Bound(micros("2023-12-31T23:00:00.000001Z"), micros("2024-01-01T10:00:00Z"), Kind.TIMESTAMP));
    }

    @Test
    void shouldRefuseALowerBoundThatIsNeitherANumberNorADateNorATimestamp() {
        assertThatThrownBy(() -> parse("1.5", "10")).isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.violations())
                .containsExactly(new Violation("source.lowerBound", "'1.5' is not a whole number, a date or a timestamp")));
    }

    @Test
    void shouldRefuseAnUpperBoundOfAnotherKindThanTheLower() {
        assertThatThrownBy(() -> parse("2024-01-01", "100")).isInstanceOfSatisfying(InvalidRequestException.class,
                e -> assertThat(e.violations()).containsExactly(new Violation("source.upperBound", "'100' is not a date like the lower bound")));
        assertThatThrownBy(() -> parse("1", "2024-01-01T00:00:00Z")).isInstanceOfSatisfying(InvalidRequestException.class,
                e -> assertThat(e.violations()).containsExactly(
                        new Violation("source.upperBound", "'2024-01-01T00:00:00Z' is not a number like the lower bound")));
    }

    @Test
    void shouldRefuseAnUpperBoundThatIsNotAboveTheLower() {
        assertThatThrownBy(() -> parse("10", "10")).isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.violations())
                .containsExactly(new Violation("source.upperBound", "the upper bound must be above the lower bound")));
        assertThatThrownBy(() -> parse("2024-02-01", "2024-01-01")).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void shouldRefuseADateShapedBoundThatIsNoDate() {
        assertThatThrownBy(() -> parse("2024-13-01", "2024-12-31")).isInstanceOfSatisfying(InvalidRequestException.class,
                e -> assertThat(e.violations()).extracting(Violation::field).containsExactly("source.lowerBound"));
    }

    @Test
    void shouldRefuseAWholeNumberBoundBeyondALong() {
        assertThatThrownBy(() -> parse("0", "99999999999999999999")).isInstanceOfSatisfying(InvalidRequestException.class,
                e -> assertThat(e.violations()).extracting(Violation::field).containsExactly("source.upperBound"));
    }

    @Test
    void shouldReadTheWholeTableInOneRangeWhenNotSplit() {
        assertThat(JdbcRanges.split("\"id\"", new Bound(0, 100, Kind.NUMBER), 1)).containsExactly(new Condition("1 = 1", List.of()));
    }

    @Test
    void shouldCutEqualStridesWithNullsAndRowsBelowInTheFirstRangeAndRowsAboveInTheLast() {
        assertThat(JdbcRanges.split("\"id\"", new Bound(0, 100, Kind.NUMBER), 3)).containsExactly(
                new Condition("\"id\" < ? OR \"id\" IS NULL", List.of(33L)),
                new Condition("\"id\" >= ? AND \"id\" < ?", List.of(33L, 66L)),
                new Condition("\"id\" >= ?", List.of(66L)));
    }

    @Test
    void shouldKeepAStrideOfOneWhenTheBoundsAreCloserThanTheRanges() {
        assertThat(JdbcRanges.split("id", new Bound(0, 2, Kind.NUMBER), 4)).containsExactly(
                new Condition("id < ? OR id IS NULL", List.of(1L)),
                new Condition("id >= ? AND id < ?", List.of(1L, 2L)),
                new Condition("id >= ? AND id < ?", List.of(2L, 3L)),
                new Condition("id >= ?", List.of(3L)));
    }

    @Test
    void shouldBindDateRangesAsSqlDates() {
        assertThat(JdbcRanges.split("day", parse("2024-01-01", "2024-01-05"), 2)).containsExactly(
                new Condition("day < ? OR day IS NULL", List.of(Date.valueOf("2024-01-03"))),
                new Condition("day >= ?", List.of(Date.valueOf("2024-01-03"))));
    }

    @Test
    void shouldBindTimestampRangesAsSqlTimestampsToTheMicrosecond() {
        assertThat(JdbcRanges.split("ts", parse("1969-12-31T23:59:59Z", "1970-01-01T00:00:00.000001Z"), 2)).containsExactly(
                new Condition("ts < ? OR ts IS NULL", List.of(Timestamp.from(Instant.parse("1969-12-31T23:59:59.500000Z")))),
                new Condition("ts >= ?", List.of(Timestamp.from(Instant.parse("1969-12-31T23:59:59.500000Z")))));
    }

    @Test
    void shouldBindAWatermarkAsAValueOfItsColumnsType() {
        assertThat(JdbcRanges.typed(" 42 ", DataTypes.IntegerType, BERLIN)).isEqualTo(42L);
        assertThat(JdbcRanges.typed("-7", DataTypes.ByteType, BERLIN)).isEqualTo(-7L);
        assertThat(JdbcRanges.typed("12.50", DataTypes.createDecimalType(10, 2), BERLIN)).isEqualTo(new BigDecimal("12.50"));
        assertThat(JdbcRanges.typed("0.5", DataTypes.FloatType, BERLIN)).isEqualTo(0.5d);
        assertThat(JdbcRanges.typed("2024-08-01", DataTypes.DateType, BERLIN)).isEqualTo(Date.valueOf("2024-08-01"));
        assertThat(JdbcRanges.typed("2024-08-01T10:00:00Z", DataTypes.TimestampType, BERLIN))
                .isEqualTo(Timestamp.from(Instant.parse("2024-08-01T10:00:00Z")));
        assertThat(JdbcRanges.typed(" a b ", DataTypes.StringType, BERLIN)).isEqualTo(" a b ");
    }

    @Test
    void shouldReadALocalTimestampWatermarkInTheGivenZone() {
        // Berlin is UTC+2 in August
        assertThat(JdbcRanges.typed("2024-08-01 10:00:00", DataTypes.TimestampType, BERLIN))
                .isEqualTo(Timestamp.from(Instant.parse("2024-08-01T08:00:00Z")));
        assertThat(JdbcRanges.typed("2024-08-01 10:00:00", DataTypes.TimestampNTZType, BERLIN))
                .isEqualTo(Timestamp.from(Instant.parse("2024-08-01T08:00:00Z")));
    }

    @Test
    void shouldRefuseATimestampWatermarkThatIsNoTimestamp() {
        assertThatThrownBy(() -> JdbcRanges.typed("yesterday", DataTypes.TimestampType, BERLIN))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.violations())
                        .containsExactly(new Violation("watermark", "'yesterday' is not a timestamp")));
    }

    @Test
    void shouldReadAnInstantWithAnOffsetOrALocalTimeInTheZone() {
        assertThat(JdbcRanges.instant(" 2024-08-01T10:00:00+05:30 ", BERLIN)).isEqualTo(Instant.parse("2024-08-01T04:30:00Z"));
        assertThat(JdbcRanges.instant("2024-08-01 10:00:00Z", BERLIN)).isEqualTo(Instant.parse("2024-08-01T10:00:00Z"));
        assertThat(JdbcRanges.instant("2024-01-01T10:00", BERLIN)).isEqualTo(Instant.parse("2024-01-01T09:00:00Z"));
        assertThat(JdbcRanges.instant("2024-01-01", BERLIN)).isNull();
        assertThat(JdbcRanges.instant("now", BERLIN)).isNull();
    }
}
