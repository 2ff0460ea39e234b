package io.sluice.table;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** Storage format of a target table. */
public enum TableFormat {
    DELTA, PARQUET;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format of a table a run creates: the requested one, Delta by default. */
    public static TableFormat forNewTable(TableFormat requested) {
        return requested == null ? DELTA : requested;
    }

    public static TableFormat ofProvider(String provider) {
        return provider != null && provider.equalsIgnoreCase("delta") ? DELTA : PARQUET;
    }
}
