package io.sluice.run.ledger;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

import io.sluice.run.RunsProperties;

/**
 * Finished runs leave the ledger once they are older than {@code sluice.runs.retention}, and an idempotency key leaves
 * with its current attempt (the earlier attempts it points back to go with it, never before it: a keyed retry looks
 * for their commits). After that a replay of the key is a new request. Kept whatever their age: the runs that are a
 * Parquet table's restorable versions, since its history, restores and rollbacks are made of them; those a vacuum made
 * unrestorable leave like the others. The record of the files a run
 * loaded stays with the table ({@code sluice_loaded_file}), so expiry never makes a file look new.
 */
@Component
public class RunExpiry {

    private static final Logger log = LoggerFactory.getLogger(RunExpiry.class);

    private static final String EXPIRED = "status IN ('SUCCEEDED', 'FAILED', 'CANCELLED') AND finished_at < :cutoff"
            + " AND NOT (table_format = 'PARQUET' AND " + RunLedger.CHANGE + ")";

    private final JdbcClient jdbc;
    private final TransactionOperations transactions;
    private final RunsProperties properties;
    private final TableRetention retention;

    RunExpiry(JdbcClient jdbc, TransactionOperations transactions, RunsProperties properties, TableRetention retention) {
        this.retention = retention;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${sluice.runs.expiry-interval:1h}", initialDelayString = "${sluice.runs.expiry-interval:1h}")
    void expireOnSchedule() {
        if (properties.retention().isZero()) {
            return;
        }
        try {
            int removed = expire(RunLedger.now().minus(properties.retention()));
            if (removed > 0) {
                log.info("Removed {} run(s) that finished more than {} ago from the ledger", removed, properties.retention());
            }
        } catch (RuntimeException e) { // the next tick tries again
            log.error("Could not remove expired runs from the ledger", e);
        }
    }

    /** Removes the runs that finished before {@code cutoff} and the keys whose current attempt they were; answers how many runs. */
    public int expire(OffsetDateTime cutoff) {
        Integer count = transactions.execute(status -> {
            int versions = expireVacuumedVersions(cutoff);
            jdbc.sql("DELETE FROM sluice_idempotency_key WHERE run_id IN (SELECT id FROM sluice_run WHERE " + EXPIRED + ")")
                    .param("cutoff", cutoff).update();
            String removed = EXPIRED + " AND (idempotency_key IS NULL"
                    + " OR idempotency_key NOT IN (SELECT idempotency_key FROM sluice_idempotency_key))";
            jdbc.sql("DELETE FROM sluice_run_file WHERE run_id IN (SELECT id FROM sluice_run WHERE " + removed + ")")
                    .param("cutoff", cutoff).update();
            return versions + jdbc.sql("DELETE FROM sluice_run WHERE " + removed).param("cutoff", cutoff).update();
        });
        return count == null ? 0 : count;
    }

    /**
     * A Parquet table's versions below its oldest restorable one (a vacuum removed their directories) leave with their
     * runs once those are past the retention; the table counts them, so the versions after keep their numbers.
     */
    private int expireVacuumedVersions(OffsetDateTime cutoff) {
        int removed = 0;
        List<String> names = jdbc.sql("SELECT table_name FROM sluice_table_retention WHERE restorable_from > expired_changes")
                .query(String.class).list();
        for (String table : names) {
            TableRetention.Retained retained = retention.of(table).orElseThrow();
            List<String> runs = jdbc.sql("SELECT id, finished_at FROM sluice_run WHERE table_name = :table AND table_format = 'PARQUET'"
                            + " AND " + RunLedger.CHANGE + " ORDER BY created_at LIMIT :versions")
                    .param("table", table).param("versions", retained.restorableFrom() - retained.expiredChanges())
                    .query((rs, row) -> rs.getObject("finished_at", OffsetDateTime.class).isBefore(cutoff) ? rs.getString("id") : null)
                    .list().stream().takeWhile(Objects::nonNull).toList();
            if (runs.isEmpty()) {
                continue;
            }
            jdbc.sql("DELETE FROM sluice_idempotency_key WHERE run_id IN (:runs)").param("runs", runs).update();
            jdbc.sql("DELETE FROM sluice_run_file WHERE run_id IN (:runs)").param("runs", runs).update();
            removed += jdbc.sql("DELETE FROM sluice_run WHERE id IN (:runs)").param("runs", runs).update();
            retention.expired(table, runs.size());
        }
        return removed;
    }
}
