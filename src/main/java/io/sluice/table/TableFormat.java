package io.sluice.table;

/** Storage format of a target table. */
public enum TableFormat {
    DELTA, PARQUET;

    /** The format of a table a run creates: the requested one, Delta by default. */
    public static TableFormat forNewTable(TableFormat requested) {
        return requested == null ? DELTA : requested;
    }

    public static TableFormat ofProvider(String provider) {
        return provider != null && provider.equalsIgnoreCase("delta") ? DELTA : PARQUET;
    }
}
