package io.sluice.run.ledger;

import java.time.OffsetDateTime;

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
 * Parquet table's versions, since its history, restores and rollbacks are made of them. The record of the files a run
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

    RunExpiry(JdbcClient jdbc, TransactionOperations transactions, RunsProperties properties) {
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
            jdbc.sql("DELETE FROM sluice_idempotency_key WHERE run_id IN (SELECT id FROM sluice_run WHERE " + EXPIRED + ")")
                    .param("cutoff", cutoff).update();
            String removed = EXPIRED + " AND (idempotency_key IS NULL"
                    + " OR idempotency_key NOT IN (SELECT idempotency_key FROM sluice_idempotency_key))";
            jdbc.sql("DELETE FROM sluice_run_file WHERE run_id IN (SELECT id FROM sluice_run WHERE " + removed + ")")
                    .param("cutoff", cutoff).update();
            return jdbc.sql("DELETE FROM sluice_run WHERE " + removed).param("cutoff", cutoff).update();
        });
        return count == null ? 0 : count;
    }
}
