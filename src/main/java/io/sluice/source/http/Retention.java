package io.sluice.source.http;

/** What happens to a batch's staged pages after its rows are committed. */
public enum Retention {
    /** They stay: a staging source can rebuild the table from them without calling the API. */
    KEEP,
    /** The batch's folder is deleted once the load committed. */
    DELETE
}
