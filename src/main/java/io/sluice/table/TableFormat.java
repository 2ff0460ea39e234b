package io.sluice.table;

/** Storage format of a target table. */
public enum TableFormat {
    DELTA, PARQUET;

    public static TableFormat ofProvider(String provider) {
        return provider != null && provider.equalsIgnoreCase("delta") ? DELTA : PARQUET;
    }
}
