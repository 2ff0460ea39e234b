package io.sluice.cluster;

import java.time.Duration;
import java.util.UUID;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Several replicas on one ledger database and one metastore. {@code enabled}: the queue is the ledger, and a run holds its
 * table's lease while it executes (off: one process, the in-memory lanes alone). {@code lease}: how long a lease lasts unrenewed, renewed every
 * third of it; {@code fenceMargin}: a commit is refused when the lease would expire within it; {@code waitInterval}: how
 * often a replica looks at the ledger's queue and for cancels asked through another replica. {@code replicaId}: this process's name as a lease
 * holder, unique per process (default: a random one per start).
 */
@ConfigurationProperties("sluice.cluster")
public record ClusterProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("30s") Duration lease,
        @DefaultValue("5s") Duration fenceMargin,
        @DefaultValue("1s") Duration waitInterval,
        String replicaId) {

    public ClusterProperties {
        if (replicaId == null || replicaId.isBlank()) {
            replicaId = "sluice-" + UUID.randomUUID();
        }
        if (fenceMargin.compareTo(lease.dividedBy(3)) >= 0) {
            throw new IllegalArgumentException("sluice.cluster.fence-margin (" + fenceMargin + ") must be under a third of "
                    + "sluice.cluster.lease (" + lease + "), the renewal period");
        }
    }
}
