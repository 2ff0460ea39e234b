package io.sluice.write;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The steps of a run at which a {@link Checkpoint} is told it got there, in the order a run passes
 * them. Configuration and tests name them in kebab case ({@code sluice.faults.halt-at=partitions-added}).
 */
public enum FaultStep {
    /** The run is about to write: nothing of it is in the table yet. */
    BEFORE_WRITE,
    /** A run with quarantined rows committed them to its quarantine table, not yet its rows to the table. */
    QUARANTINED,
    /** A Parquet write's data files are staged beside the table, not yet part of it. */
    STAGED,
    /** A Parquet write registered the partitions it creates, still empty. */
    PARTITIONS_ADDED,
    /** A Parquet append moved its first file into the table: it has committed. */
    MOVING,
    /** A Parquet write swapped its partitions in, before its symlink manifests follow. */
    SWAPPED,
    /** The commit is done and the ledger has not recorded it yet. */
    WRITTEN,
    /** A Parquet vacuum deleted one of the directories it removes, with more to go: no write passes here. */
    REMOVING;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public String toString() {
        return wireName();
    }

    /** The step a configuration names; a name that is none of them is refused with the ones there are. */
    public static FaultStep named(String name) {
        return Arrays.stream(values()).filter(step -> step.wireName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown fault step '%s'; the steps are: %s".formatted(name,
                        Arrays.stream(values()).map(FaultStep::wireName).collect(Collectors.joining(", ")))));
    }
}
