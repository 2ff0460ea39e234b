package io.sluice.table;

import java.util.regex.Pattern;

import io.sluice.problem.InvalidRequestException;

/**
 * The strict grammar for every identifier Sluice puts into SQL: a letter or underscore, then
 * letters, digits or underscores, at most 128 characters. Identifiers are also always quoted, so a
 * name that passes can never change the meaning of a statement.
 */
public final class Identifiers {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    private Identifiers() {
    }

    public static boolean isValid(String identifier) {
        return identifier != null && IDENTIFIER.matcher(identifier).matches();
    }

    /** Checks a column name; {@code field} says where it came from, for the problem response. */
    public static String column(String field, String name) {
        if (!isValid(name)) {
            throw InvalidRequestException.of(field, "'%s' is not a valid column name: use letters, digits and"
                    + " underscores, starting with a letter or underscore (at most 128)", abbreviate(name));
        }
        return name;
    }

    public static String quote(String identifier) {
        if (!isValid(identifier)) {
            throw new IllegalArgumentException("refusing to quote an unchecked identifier");
        }
        return '`' + identifier + '`';
    }

    static String abbreviate(String text) {
        if (text == null) {
            return "null";
        }
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
