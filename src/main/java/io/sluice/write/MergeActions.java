package io.sluice.write;

/**
 * What a merge does with a source row, by whether the table has its key: MERGE's WHEN MATCHED and
 * WHEN NOT MATCHED clauses. The default pair is an upsert; {@code ignore}/{@code insert} loads only
 * new keys, {@code delete}/{@code ignore} removes the source's keys from the table.
 */
public final class MergeActions {

    private MergeActions() {
    }

    /** A source row whose key the table has. */
    public enum WhenMatched {
        /** Take the source's values (all columns, or as updateColumns / excludeColumns say). */
        UPDATE,
        /** Keep the table's row as it is. */
        IGNORE,
        /** Delete the table's row. */
        DELETE
    }

    /** A source row whose key the table lacks. */
    public enum WhenNotMatched {
        /** Insert it. */
        INSERT,
        /** Leave it out. */
        IGNORE
    }
}
