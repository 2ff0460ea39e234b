package io.sluice.receipt;

/**
 * Where the rows a write was given went, as the write itself counted them (Delta's MERGE metrics, a Parquet merge's
 * observation, apply_changes' tally): {@code superseded} are change events a later event of the same key replaced in the
 * batch; {@code deleting} rows that deleted the table's row with their key. A write's rows are the sum of all five; where
 * Sluice counted the rows it gave the write, the {@link Receipt} takes the unchanged ones as the rest of those.
 */
public record WrittenRows(long inserted, long updated, long unchanged, long deleting, long superseded) {

    public static final WrittenRows NONE = new WrittenRows(0, 0, 0, 0, 0);

    /** A blind write: every row given is a new row. */
    public static WrittenRows inserted(long rows) {
        return new WrittenRows(rows, 0, 0, 0, 0);
    }

    public long total() {
        return inserted + updated + unchanged + deleting + superseded;
    }
}
