package io.sluice.run.ledger;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionOperations;
import io.sluice.run.Run;

/**
 * Which run an idempotency key stands for. A key is claimed together with its first run, and moved
 * from a failed attempt to its retry, each in one transaction, so concurrent submissions of one key
 * agree on a single attempt: the primary key and a compare-and-set decide, not timing.
 */
@Repository
public class IdempotencyKeys {

    /** The request a key was first used with (as a hash) and its current attempt. */
    public record Claim(String requestHash, UUID runId) {
    }

    private final JdbcClient jdbc;
    private final RunLedger ledger;
    private final TransactionOperations transactions;

    public IdempotencyKeys(JdbcClient jdbc, RunLedger ledger, TransactionOperations transactions) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.transactions = transactions;
    }

    public Optional<Claim> find(String key) {
        return jdbc.sql("SELECT request_hash, run_id FROM sluice_idempotency_key WHERE idempotency_key = :key")
                .param("key", key)
                .query((rs, row) -> new Claim(rs.getString("request_hash"), UUID.fromString(rs.getString("run_id"))))
                .optional();
    }

    /** Every attempt made under the key, oldest first. */
    public List<UUID> attempts(String key) {
        return jdbc.sql("SELECT id FROM sluice_run WHERE idempotency_key = :key ORDER BY created_at")
                .param("key", key).query((rs, row) -> UUID.fromString(rs.getString("id"))).list();
    }

    /** Records the run and claims the key for it; false, recording nothing, if the key was claimed meanwhile. */
    public boolean claim(Run run, String requestJson, String requestHash) {
        try {
            return Boolean.TRUE.equals(transactions.execute(status -> {
                jdbc.sql("""
                        INSERT INTO sluice_idempotency_key (idempotency_key, request_hash, run_id, created_at)
                        VALUES (:key, :hash, :run, :now)""")
                        .param("key", run.idempotencyKey()).param("hash", requestHash).param("run", run.id().toString())
                        .param("now", RunLedger.now()).update();
                ledger.insert(run, requestJson);
                return true;
            }));
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    /** Records a retry of a failed attempt and moves the key to it; false, recording nothing, if another retry won. */
    public boolean retry(Run run, String requestJson) {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            int moved = jdbc.sql("UPDATE sluice_idempotency_key SET run_id = :run WHERE idempotency_key = :key AND run_id = :failed")
                    .param("run", run.id().toString()).param("key", run.idempotencyKey()).param("failed", run.retryOf().toString())
                    .update();
            if (moved == 1) {
                ledger.insert(run, requestJson);
            }
            return moved == 1;
        }));
    }
}
