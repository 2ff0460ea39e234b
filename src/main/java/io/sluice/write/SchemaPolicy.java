package io.sluice.write;

/** What to do when the source's columns differ from the table's. */
public enum SchemaPolicy {
    /** Any extra or missing column refuses the run, listing the differences. */
    FAIL,
    /** New source columns are added to the table in the same commit (existing rows read null); missing ones are written as null. */
    ADD_COLUMNS,
    /** Extra source columns are dropped; missing ones are written as null. */
    IGNORE
}
