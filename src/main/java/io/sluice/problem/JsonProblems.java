package io.sluice.problem;

import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Says what is wrong with a request body that Jackson could not bind, in the user's words: the JSON
 * field as a dotted path and what it expected. Never a Java class or a Jackson token name.
 */
final class JsonProblems {

    private static final Pattern DUPLICATE = Pattern.compile("Duplicate Object property \"(.*)\"");

    private JsonProblems() {
    }

    /** The field a binding failure is about, {@code source.rows[2].id}; empty for the body itself. */
    static String path(JacksonException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        Matcher duplicate = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
        if (duplicate.find()) { // the parser stops in the object that has the key twice
            return path.isEmpty() ? duplicate.group(1) : path + "." + duplicate.group(1);
        }
        return path;
    }

    /** What is wrong, without the field. */
    static String describe(JacksonException e) {
        String message = String.valueOf(e.getOriginalMessage());
        if (DUPLICATE.matcher(message).find()) {
            return "given twice; a field may appear once";
        }
        if (message.startsWith("Trailing token")) {
            return "there is more after the JSON value; send one JSON object";
        }
        if (e instanceof InvalidFormatException format && format.getTargetType() != null) {
            return format.getValue() instanceof String text ? "'%s' is not %s".formatted(text, expected(format.getTargetType()))
                    : "expected %s, got %s".formatted(expected(format.getTargetType()), format.getValue());
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            String got = got(mismatch.getCurrentToken());
            return "expected " + expected(mismatch.getTargetType()) + (got == null ? "" : ", got " + got);
        }
        if (message.contains("`") || message.contains("java.") || message.contains("JsonToken")) {
            return "the value does not fit here";
        }
        return message + at(e.getLocation());
    }

    static String expected(Class<?> type) {
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list, e.g. [\"a\", \"b\"]";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (type == Long.class || type == Integer.class || type == Short.class || type == long.class || type == int.class
                || type == short.class || type == java.math.BigInteger.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of: " + allowed(type);
        }
        if (type == UUID.class) {
            return "a UUID";
        }
        if (type == LocalDate.class) {
            return "a date such as 2024-08-01";
        }
        if (type == Duration.class) {
            return "an ISO-8601 duration such as PT30S";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 timestamp with an offset, such as 2024-08-01T00:00:00Z";
        }
        return Map.class.isAssignableFrom(type) ? "an object" : "a JSON object";
    }

    /** An enum's values as requests spell them (lower case). */
    static String allowed(Class<?> type) {
        return Arrays.stream(type.getEnumConstants())
                .map(value -> ((Enum<?>) value).name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }

    private static String got(JsonToken token) {
        if (token == null) {
            return null;
        }
        return switch (token) {
            case START_OBJECT, END_OBJECT, PROPERTY_NAME -> "an object";
            case START_ARRAY, END_ARRAY -> "a list";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a fractional number";
            case VALUE_TRUE, VALUE_FALSE -> "true or false";
            case VALUE_NULL -> "null";
            default -> null;
        };
    }

    private static String at(TokenStreamLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " (line %d, column %d)".formatted(location.getLineNr(), location.getColumnNr());
    }
}
