package io.sluice.run;

import java.time.Duration;

import io.sluice.web.EnumNames;

/**
 * A vacuum: the data files no version within {@code retention} reads are deleted from storage. Every time travel and
 * restore to a version within the retention still works, and on a Parquet table also a restore of its newest
 * {@code keepChanges} changes; the rows stay as they were. {@code scheduled}: queued by the table's maintenance policy,
 * not by hand.
 */
public record Vacuum(Duration retention, int keepChanges, boolean scheduled) implements TableOperation {

    public Vacuum(Duration retention, int keepChanges) {
        this(retention, keepChanges, false);
    }

    @Override
    public RunKind kind() {
        return RunKind.VACUUM;
    }

    @Override
    public String describe() {
        return "%s of the files no version of the last %d hours (nor, on Parquet, of the newest %d changes) reads%s"
                .formatted(EnumNames.of(kind()), retention.toHours(), keepChanges, scheduled ? ", automatic on schedule" : "");
    }
}
