package io.sluice.source;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.regex.Pattern;

import org.apache.spark.sql.catalyst.util.DateTimeUtils;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.unsafe.types.UTF8String;

import scala.Option;

/**
 * What a column's Spark type takes, shared by JSON values ({@link ColumnValues}) and text ({@link ColumnText}) so
 * both refuse alike. Dates and timestamps go through Spark's own parsers, after a check that they start with a
 * calendar date: that keeps out Spark's time-of-day-only forms and special words ({@code now}, {@code yesterday}),
 * which mean something else each day.
 */
final class ColumnTypes {

    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{1,2}-\\d{1,2}");
    private static final Pattern DATE_TIME = Pattern.compile("\\d{4}-\\d{1,2}-\\d{1,2}([T ].*)?");

    private ColumnTypes() {
    }

    static String range(String shown, BigDecimal value, DataType type) {
        if (value == null) {
            return "%s is out of range for %s".formatted(shown, name(type));
        }
        long[] bounds = bounds(type);
        boolean inside = value.compareTo(BigDecimal.valueOf(bounds[0])) >= 0 && value.compareTo(BigDecimal.valueOf(bounds[1])) <= 0;
        return inside ? null : "%s is out of range for %s".formatted(shown, name(type));
    }

    static String floating(String shown, BigDecimal value, DataType type) {
        boolean finite = value != null
                && (type instanceof FloatType ? Float.isFinite(value.floatValue()) : Double.isFinite(value.doubleValue()));
        return finite ? null : "%s is out of range for %s".formatted(shown, name(type));
    }

    /**
     * A decimal fits when it needs no more integer digits than the type has and no rounding: Spark would round
     * half up to the scale without a word. Extra scale digits that are zeros need no rounding ({@code 1.50} fits
     * DECIMAL(5,1)).
     */
    static String decimal(String shown, BigDecimal value, DecimalType type) {
        int integerDigits = type.precision() - type.scale();
        if (value == null || value.signum() != 0 && (long) value.precision() - value.scale() > integerDigits) {
            return "%s is out of range for %s: at most %d digits before the decimal point".formatted(shown, name(type), integerDigits);
        }
        if (value.signum() != 0 && value.stripTrailingZeros().scale() > type.scale()) {
            return "%s needs rounding to fit %s: at most %d digits after the decimal point".formatted(shown, name(type), type.scale());
        }
        return null;
    }

    /** Spark's date parser on text that starts with a calendar date; days since the epoch, null when it is none. */
    static Integer date(String text) {
        if (!DATE.matcher(text).matches()) {
            return null;
        }
        Option<Object> days = DateTimeUtils.stringToDate(UTF8String.fromString(text));
        return days.isDefined() ? (Integer) days.get() : null;
    }

    static Long timestamp(String text, ZoneId zone) {
        if (!DATE_TIME.matcher(text).matches()) {
            return null;
        }
        Option<Object> micros = DateTimeUtils.stringToTimestamp(UTF8String.fromString(text), zone);
        return micros.isDefined() ? (Long) micros.get() : null;
    }

    static Long localTimestamp(String text) {
        if (!DATE_TIME.matcher(text).matches()) {
            return null;
        }
        Option<Object> micros = DateTimeUtils.stringToTimestampWithoutTimeZone(UTF8String.fromString(text), false);
        return micros.isDefined() ? (Long) micros.get() : null;
    }

    /** Spark's decimal parse of a string, without its tolerance of thousands separators. */
    static BigDecimal parseDecimal(String text) {
        try {
            return text.length() <= 1000 ? new BigDecimal(text) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static boolean isIntegral(DataType type) {
        return type instanceof ByteType || type instanceof ShortType || type instanceof IntegerType || type instanceof LongType;
    }

    static long[] bounds(DataType type) {
        if (type instanceof ByteType) {
            return new long[] { Byte.MIN_VALUE, Byte.MAX_VALUE };
        }
        if (type instanceof ShortType) {
            return new long[] { Short.MIN_VALUE, Short.MAX_VALUE };
        }
        if (type instanceof IntegerType) {
            return new long[] { Integer.MIN_VALUE, Integer.MAX_VALUE };
        }
        return new long[] { Long.MIN_VALUE, Long.MAX_VALUE };
    }

    /** What a column of the type takes, in the request's terms. */
    static String expected(DataType type) {
        if (isIntegral(type)) {
            long[] bounds = bounds(type);
            return "a whole number from %d to %d".formatted(bounds[0], bounds[1]);
        }
        if (type instanceof DecimalType d) {
            return "a number with at most %d digits before and %d after the decimal point".formatted(d.precision() - d.scale(), d.scale());
        }
        if (type instanceof FloatType || type instanceof DoubleType) {
            return "a finite number";
        }
        if (type instanceof BooleanType) {
            return "true or false";
        }
        if (type instanceof StringType) {
            return "text, a number or true or false";
        }
        if (type instanceof DateType) {
            return "a date as yyyy-MM-dd, such as 2024-08-01";
        }
        if (type instanceof TimestampType) {
            return "a timestamp such as 2024-08-01T10:00:00Z, or 2024-08-01 10:00:00 in the session time zone";
        }
        if (type instanceof TimestampNTZType) {
            return "a timestamp without offset, such as 2024-08-01T10:00:00";
        }
        if (type instanceof BinaryType) {
            return "base64 text";
        }
        return type instanceof ArrayType ? "a JSON array" : "a JSON object";
    }

    static String quoted(String text) {
        return "'" + (text.length() <= 80 ? text : text.substring(0, 77) + "...") + "'";
    }

    static String name(DataType type) {
        return type.sql();
    }
}
