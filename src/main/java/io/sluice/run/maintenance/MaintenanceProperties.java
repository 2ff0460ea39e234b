package io.sluice.run.maintenance;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code sluice.maintenance}: the defaults of a maintenance run a request does not override. A compaction rewrites the
 * partitions holding at least {@code compact.min-files} files smaller than {@code compact.target-file-size}. A vacuum
 * keeps the files of the versions of the last {@code vacuum.retention}; a request may not go below
 * {@code vacuum.min-retention} (7 days, Delta's own floor: readers and writers still on an older snapshot keep working).
 * On a Parquet table it also keeps what the restores of its newest {@code vacuum.keep-changes} changes need. It removes
 * the leftovers of failed creates moved aside more than {@code orphans.grace} ago. {@code auto}: the defaults of a
 * table's maintenance policy (see {@link MaintenancePolicies}).
 */
@ConfigurationProperties("sluice.maintenance")
public record MaintenanceProperties(@DefaultValue Compact compact, @DefaultValue Vacuum vacuum, @DefaultValue Orphans orphans,
        @DefaultValue Auto auto) {

    /**
     * {@code enabled}: whether a table without a policy of its own is compacted after its writes and vacuumed every
     * {@code vacuum-interval}; {@code scan-period}: how often the schedule looks for tables due a vacuum.
     */
    public record Auto(@DefaultValue("true") boolean enabled, @DefaultValue("1d") Duration vacuumInterval,
            @DefaultValue("10m") Duration scanPeriod) {

        public Auto {
            if (vacuumInterval.toHours() < 1 || scanPeriod.isNegative() || scanPeriod.isZero()) {
                throw new IllegalArgumentException("sluice.maintenance.auto.vacuum-interval (" + vacuumInterval
                        + ") must be at least 1h and sluice.maintenance.auto.scan-period (" + scanPeriod + ") positive");
            }
        }
    }

    public record Vacuum(@DefaultValue("7d") Duration retention, @DefaultValue("7d") Duration minRetention,
            @DefaultValue("10") int keepChanges) {

        public Vacuum {
            if (retention.compareTo(minRetention) < 0) {
                throw new IllegalArgumentException("sluice.maintenance.vacuum.retention (" + retention
                        + ") is under sluice.maintenance.vacuum.min-retention (" + minRetention + ")");
            }
            if (keepChanges < 1) {
                throw new IllegalArgumentException("sluice.maintenance.vacuum.keep-changes is " + keepChanges
                        + ": a vacuum keeps at least the latest change, so that it can be rolled back");
            }
        }
    }

    public record Orphans(@DefaultValue("7d") Duration grace) {

        public Orphans {
            if (grace.isNegative()) {
                throw new IllegalArgumentException("sluice.maintenance.orphans.grace is " + grace + ": give zero or more");
            }
        }
    }

    public record Compact(@DefaultValue("4") int minFiles, @DefaultValue("128MB") DataSize targetFileSize) {

        public Compact {
            if (minFiles < 2) {
                throw new IllegalArgumentException("sluice.maintenance.compact.min-files is " + minFiles
                        + ": a partition needs at least 2 files to be compacted into fewer");
            }
            if (targetFileSize.toBytes() < TableMaintenance.MIN_TARGET_FILE_SIZE) {
                throw new IllegalArgumentException("sluice.maintenance.compact.target-file-size is " + targetFileSize
                        + ": give at least 1MB");
            }
        }
    }
}
