package io.sluice.source;

import java.io.Serializable;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

import io.sluice.problem.InvalidRequestException;

/**
 * The ranges of a split JDBC read, as Spark's own JDBC source cuts them (equal strides between the
 * bounds; rows below the lower bound and nulls in the first range, rows above the upper in the last),
 * but with the bounds as bound parameters. And the typed values parameters are bound with.
 */
final class JdbcRanges {

    private JdbcRanges() {
    }

    /** A condition with {@code ?} placeholders and the values bound to them, in order. */
    record Condition(String sql, List<Object> params) implements Serializable {
    }

    /** The bounds of a split: whole numbers, dates or timestamps (epoch micros), told apart by their text. */
    record Bound(long lower, long upper, Kind kind) {
        enum Kind { NUMBER, DATE, TIMESTAMP }

        static Bound parse(String lowerField, String lower, String upperField, String upper) {
            Kind kind = kind(lower);
            InvalidRequestException.check(kind != null, lowerField, "'%s' is not a whole number, a date or a timestamp", lower);
            InvalidRequestException.check(kind == kind(upper), upperField, "'%s' is not a %s like the lower bound", upper,
                    kind.name().toLowerCase());
            Bound bound = new Bound(value(lowerField, lower, kind), value(upperField, upper, kind), kind);
            InvalidRequestException.check(bound.lower < bound.upper, upperField, "the upper bound must be above the lower bound");
            return bound;
        }

        private static Kind kind(String text) {
            if (text == null) {
                return null;
            }
            if (text.matches("-?\\d+")) {
                return Kind.NUMBER;
            }
            if (text.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return Kind.DATE;
            }
            return instant(text, ZoneId.of("UTC")) != null ? Kind.TIMESTAMP : null;
        }

        /** The bound's value; text shaped like a number or a date that is none (beyond a long, a 13th month) is refused. */
        private static long value(String field, String text, Kind kind) {
            try {
                return value(text, kind);
            } catch (NumberFormatException | DateTimeException e) {
                throw InvalidRequestException.of(field, "'%s' is not a valid %s", text,
                        kind == Kind.NUMBER ? "whole number (one within a 64-bit integer)" : kind.name().toLowerCase());
            }
        }

        private static long value(String text, Kind kind) {
            return switch (kind) {
                case NUMBER -> Long.parseLong(text);
                case DATE -> LocalDate.parse(text).toEpochDay();
                case TIMESTAMP -> {
                    Instant instant = instant(text, ZoneId.of("UTC"));
                    yield instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
                }
            };
        }

        private Object parameter(long value) {
            return switch (kind) {
                case NUMBER -> value;
                case DATE -> Date.valueOf(LocalDate.ofEpochDay(value));
                case TIMESTAMP -> Timestamp.from(Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000), Math.floorMod(value, 1_000_000) * 1000));
            };
        }
    }

    /** {@code n} conditions on {@code column} (quoted) that together cover every row once. */
    static List<Condition> split(String column, Bound bound, int n) {
        if (n == 1) {
            return List.of(new Condition("1 = 1", List.of()));
        }
        long stride = Math.max(1, (bound.upper() - bound.lower()) / n);
        List<Condition> ranges = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long from = bound.lower() + i * stride;
            long to = from + stride;
            if (i == 0) {
                ranges.add(new Condition(column + " < ? OR " + column + " IS NULL", List.of(bound.parameter(to))));
            } else if (i == n - 1) {
                ranges.add(new Condition(column + " >= ?", List.of(bound.parameter(from))));
            } else {
                ranges.add(new Condition(column + " >= ? AND " + column + " < ?", List.of(bound.parameter(from), bound.parameter(to))));
            }
        }
        return ranges;
    }

    /** A watermark's text as a value of the column's type, to bind (a string compares wrongly with numbers or times). */
    static Object typed(String text, DataType type, ZoneId zone) {
        if (type == DataTypes.LongType || type == DataTypes.IntegerType || type == DataTypes.ShortType || type == DataTypes.ByteType) {
            return Long.parseLong(text.strip());
        }
        if (type instanceof DecimalType) {
            return new java.math.BigDecimal(text.strip());
        }
        if (type == DataTypes.DoubleType || type == DataTypes.FloatType) {
            return Double.parseDouble(text.strip());
        }
        if (type instanceof DateType) {
            return Date.valueOf(LocalDate.parse(text.strip()));
        }
        if (type instanceof TimestampType || type instanceof TimestampNTZType) {
            Instant instant = instant(text, zone);
            InvalidRequestException.check(instant != null, "watermark", "'%s' is not a timestamp", text);
            return Timestamp.from(instant);
        }
        return text;
    }

    /** ISO-8601 with an offset, or a local date-time (Spark's own text for timestamps) in {@code zone}. */
    static Instant instant(String text, ZoneId zone) {
        String t = text.strip();
        try {
            return OffsetDateTime.parse(t.replace(' ', 'T')).toInstant();
        } catch (DateTimeParseException offsetMissing) {
            try {
                return LocalDateTime.parse(t.replace(' ', 'T')).atZone(zone).toInstant();
            } catch (DateTimeParseException notATimestamp) {
                return null;
            }
        }
    }
}
