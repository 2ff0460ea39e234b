package io.sluice.run;

/** A page of the run list, newest first, optionally for one table and/or status. */
public record RunQuery(String table, RunStatus status, int page, int size) {

    public long offset() {
        return (long) page * size;
    }
}
