package io.sluice.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Per-table leases in the ledger database, for several replicas: at most one holder per table at a time, cluster-wide,
 * until its lease expires, and a fencing token that grows with every acquisition. A holder renews its lease while it works
 * and releases it when done; a holder that stopped renewing (dead, paused) loses it at expiry to whoever acquires next.
 * <p>
 * The times are the replicas' clocks: they must agree (NTP) to well within a lease's length. Spring Integration's JDBC
 * lock registry and ShedLock give the same claim and renewal but no token, and the token is what a commit checks
 * ({@link #holds}); one conditional UPDATE gives both.
 */
public class TableLeases {

    /** A table's lease as its holder acquired or last renewed it. */
    public record Lease(String table, String holder, long token, Instant expiresAt) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public TableLeases(JdbcClient jdbc, TransactionTemplate transactions, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * The table's lease for {@code holder} for {@code length}, with the next token, if no one else holds it now (a lease
     * expired or released is free; {@code holder}'s own is taken again, with a new token); empty otherwise.
     */
    public Optional<Lease> acquire(String table, String holder, Duration length) {
        Instant now = clock.instant();
        Instant expires = now.plus(length);
        try {
            jdbc.sql("INSERT INTO sluice_table_lease (table_name, holder, token, expires_at) VALUES (:table, :holder, 0, :expired)")
                    .param("table", table).param("holder", holder).param("expired", time(Instant.EPOCH)).update();
        } catch (DuplicateKeyException exists) {
            // the table had a lease before: its row keeps the token
        }
        return transactions.execute(status -> {
            int taken = jdbc.sql("UPDATE sluice_table_lease SET holder = :holder, token = token + 1, expires_at = :expires"
                            + " WHERE table_name = :table AND (expires_at <= :now OR holder = :holder)")
                    .param("holder", holder).param("expires", time(expires)).param("table", table).param("now", time(now)).update();
            if (taken == 0) {
                return Optional.empty();
            }
            long token = jdbc.sql("SELECT token FROM sluice_table_lease WHERE table_name = :table").param("table", table)
                    .query(Long.class).single();
            return Optional.of(new Lease(table, holder, token, truncated(expires)));
        });
    }

    /** The lease for {@code length} more from now, if it is still the table's latest and has not expired; empty otherwise. */
    public Optional<Lease> renew(Lease lease, Duration length) {
        Instant now = clock.instant();
        Instant expires = now.plus(length);
        int renewed = jdbc.sql("UPDATE sluice_table_lease SET expires_at = :expires"
                        + " WHERE table_name = :table AND holder = :holder AND token = :token AND expires_at > :now")
                .param("expires", time(expires)).param("table", lease.table()).param("holder", lease.holder())
                .param("token", lease.token()).param("now", time(now)).update();
        return renewed == 0 ? Optional.empty() : Optional.of(new Lease(lease.table(), lease.holder(), lease.token(), truncated(expires)));
    }

    /** Ends the lease now, if it is still the table's latest; the row stays, so that the next token still grows. */
    public void release(Lease lease) {
        jdbc.sql("UPDATE sluice_table_lease SET expires_at = :now WHERE table_name = :table AND holder = :holder AND token = :token")
                .param("now", time(clock.instant())).param("table", lease.table()).param("holder", lease.holder())
                .param("token", lease.token()).update();
    }

    /**
     * The fence, checked just before a commit: whether the lease is still the table's latest and will not expire within
     * {@code margin} (the time the commit may take once checked). A holder that paused past its lease fails it.
     */
    public boolean holds(Lease lease, Duration margin) {
        return jdbc.sql("SELECT COUNT(*) FROM sluice_table_lease"
                        + " WHERE table_name = :table AND holder = :holder AND token = :token AND expires_at > :until")
                .param("table", lease.table()).param("holder", lease.holder()).param("token", lease.token())
                .param("until", time(clock.instant().plus(margin))).query(Long.class).single() == 1;
    }

    /** The table's lease as the database has it now, held or not. */
    public Optional<Lease> current(String table) {
        return jdbc.sql("SELECT holder, token, expires_at FROM sluice_table_lease WHERE table_name = :table").param("table", table)
                .query((rs, row) -> new Lease(table, rs.getString("holder"), rs.getLong("token"),
                        rs.getObject("expires_at", OffsetDateTime.class).toInstant()))
                .optional();
    }

    private static OffsetDateTime time(Instant instant) {
        return truncated(instant).atOffset(ZoneOffset.UTC);
    }

    /** PostgreSQL keeps microseconds: what is read back equals what was written. */
    private static Instant truncated(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}
