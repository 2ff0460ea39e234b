package io.sluice.source;

import static io.sluice.source.ColumnTypes.date;
import static io.sluice.source.ColumnTypes.decimal;
import static io.sluice.source.ColumnTypes.expected;
import static io.sluice.source.ColumnTypes.floating;
import static io.sluice.source.ColumnTypes.isIntegral;
import static io.sluice.source.ColumnTypes.localTimestamp;
import static io.sluice.source.ColumnTypes.name;
import static io.sluice.source.ColumnTypes.quoted;
import static io.sluice.source.ColumnTypes.range;
import static io.sluice.source.ColumnTypes.timestamp;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;

import org.apache.spark.sql.catalyst.util.DateTimeUtils;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

import io.sluice.problem.InvalidRequestException;

/**
 * Column values given as text (watermarks), checked against their column's Spark type and kept in one
 * canonical text per type: the same whether an operator gave it or a run found it, whatever the session time zone.
 */
public final class ColumnText {

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,1000}");
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d{1,1000}\\.?\\d{0,1000}|\\.\\d{1,1000})([eE][+-]?\\d{1,9})?");
    private static final int MAX_TEXT = 4000;

    private ColumnText() {
    }

    /**
     * A value given as text, in the canonical form of {@code type}: a plain integer, a plain decimal at the
     * column's scale, Java's shortest form for FLOAT and DOUBLE, {@code yyyy-MM-dd}, an ISO-8601 UTC instant
     * for TIMESTAMP (text without an offset is in {@code zone}, as Spark reads it), an ISO local date-time
     * for TIMESTAMP_NTZ, {@code true}/{@code false}, a string as given. A 422 naming {@code field} otherwise.
     */
    public static String canonical(String field, String text, DataType type, ZoneId zone) {
        InvalidRequestException.check(text != null && text.length() <= MAX_TEXT, field, "a value of at most %d characters is required",
                MAX_TEXT);
        if (type instanceof StringType) {
            return text;
        }
        String t = text.strip();
        String canonical = null;
        if (isIntegral(type)) {
            BigInteger integer = INTEGER.matcher(t).matches() ? new BigInteger(t) : null;
            InvalidRequestException.check(integer != null, field, "%s is not a %s: expected %s", quoted(text), name(type), expected(type));
            String problem = range(t, new BigDecimal(integer), type);
            InvalidRequestException.check(problem == null, field, problem);
            canonical = integer.toString();
        } else if (type instanceof DecimalType || type instanceof FloatType || type instanceof DoubleType) {
            BigDecimal number = NUMBER.matcher(t).matches() ? new BigDecimal(t) : null;
            InvalidRequestException.check(number != null, field, "%s is not a %s: expected %s", quoted(text), name(type), expected(type));
            String problem = type instanceof DecimalType decimal ? decimal(t, number, decimal) : floating(t, number, type);
            InvalidRequestException.check(problem == null, field, problem);
            canonical = type instanceof DecimalType decimal ? number.setScale(decimal.scale()).toPlainString()
                    : type instanceof FloatType ? Float.toString(number.floatValue()) : Double.toString(number.doubleValue());
        } else if (type instanceof BooleanType) {
            canonical = t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false") ? t.toLowerCase(Locale.ROOT) : null;
        } else if (type instanceof DateType) {
            Integer days = date(t);
            canonical = days == null ? null : LocalDate.ofEpochDay(days).toString();
        } else if (type instanceof TimestampType) {
            Long micros = timestamp(t, zone);
            canonical = micros == null ? null : DateTimeUtils.microsToInstant(micros).toString();
        } else if (type instanceof TimestampNTZType) {
            Long micros = localTimestamp(t);
            canonical = micros == null ? null : DateTimeUtils.microsToLocalDateTime(micros).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        } else {
            throw InvalidRequestException.of(field, "a %s column cannot hold a watermark: use a number, date, timestamp, boolean or"
                    + " string column", name(type));
        }
        InvalidRequestException.check(canonical != null, field, "%s is not a %s: expected %s", quoted(text), name(type), expected(type));
        return canonical;
    }

    /** A value Spark returned for a column of {@code type} (a Row's cell), in the canonical form of {@link #canonical}. */
    public static String format(Object value, DataType type) {
        if (value == null) {
            return null;
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant().toString();
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate().toString();
        }
        if (value instanceof LocalDateTime local) {
            return local.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        }
        if (value instanceof BigDecimal decimal) {
            return (type instanceof DecimalType d ? decimal.setScale(d.scale()) : decimal).toPlainString();
        }
        return value.toString(); // Instant, LocalDate, integers, Double and Float (shortest form), Boolean, String
    }
}
