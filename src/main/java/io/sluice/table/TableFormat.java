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

    public static TableFormat ofProvider(String provider) {
        return provider != null && provider.equalsIgnoreCase("delta") ? DELTA : PARQUET;
    }
}
