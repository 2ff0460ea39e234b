package io.sluice.write;

import java.util.List;
import java.util.Locale;

/**
 * The options of a change-data-capture run ({@code apply_changes}): {@code sequenceBy} orders each key's events (several
 * columns: lexicographically), {@code deleteWhen} is a SQL condition over a source row that marks it a delete (null: no
 * event deletes), {@code exceptColumns} are read but kept out of the table, and {@code history} keeps every version of a
 * row (SCD type 2) between {@code validFrom} and {@code validTo}, the current one flagged {@code current}; without it the
 * table holds the latest version of each key (SCD type 1).
 */
public record ChangeOptions(List<String> sequenceBy, String deleteWhen, List<String> exceptColumns, boolean history,
        String validFrom, String validTo, String current) {

    public static final String DEFAULT_VALID_FROM = "__valid_from";
    public static final String DEFAULT_VALID_TO = "__valid_to";
    public static final String DEFAULT_CURRENT = "__is_current";

    /** The column of a change row that says what it does to the table: I insert, U update, D delete (never in a table). */
    public static final String ACTION = "_sluice_change";

    public ChangeOptions {
        sequenceBy = List.copyOf(sequenceBy);
        exceptColumns = List.copyOf(exceptColumns);
        validFrom = validFrom == null ? DEFAULT_VALID_FROM : validFrom;
        validTo = validTo == null ? DEFAULT_VALID_TO : validTo;
        current = current == null ? DEFAULT_CURRENT : current;
    }

    /** The columns Sluice adds to a history table; none without history. */
    public List<String> historyColumns() {
        return history ? List.of(validFrom, validTo, current) : List.of();
    }

    /** Whether the source column {@code name} is kept out of the table. */
    public boolean excepts(String name) {
        return exceptColumns.stream().anyMatch(name::equalsIgnoreCase);
    }

    /** Whether {@code columns} has {@code name}, in any case. */
    public static boolean contains(List<String> columns, String name) {
        return columns.stream().anyMatch(c -> c.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)));
    }
}
