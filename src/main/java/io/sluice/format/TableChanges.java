package io.sluice.format;

import java.util.List;
import java.util.OptionalLong;

import io.sluice.table.TableState;

/**
 * A table's changes as the run ledger records it, oldest (the create) first: a Parquet table's versions. The ledger
 * is run/'s, so run/history answers this for the packages that may not import it.
 */
public interface TableChanges {

    List<TableChange> of(TableState table);

    /** The oldest version a restore may return to, where a vacuum removed the directories of earlier ones; empty: none removed. */
    OptionalLong restorableFrom(TableState table);
}
