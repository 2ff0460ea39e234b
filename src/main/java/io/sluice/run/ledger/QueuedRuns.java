package io.sluice.run.ledger;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.sluice.run.RunKind;

/**
 * The ledger as the queue of several replicas: the QUEUED runs, each table's in submission order, and the tables a run
 * is RUNNING on. Which replica takes a table's next run is decided by the table's lease, not here.
 */
@Repository
public class QueuedRuns {

    /** A run waiting in the ledger, with what it takes to plan it again on any replica. */
    public record QueuedRun(UUID id, String table, RunKind kind, String requestJson, String idempotencyKey, UUID retryOf) {
    }

    private final JdbcClient jdbc;

    public QueuedRuns(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The tables with QUEUED runs, the one whose first run waits longest first. */
    public List<String> tablesWaiting(int limit) {
        return jdbc.sql("SELECT table_name FROM sluice_run WHERE status = 'QUEUED' GROUP BY table_name ORDER BY MIN(created_at)"
                + " FETCH FIRST :limit ROWS ONLY").param("limit", limit).query(String.class).list();
    }

    /** The table's first QUEUED run in submission order: the next to run on it. */
    public Optional<QueuedRun> head(String table) {
        return jdbc.sql("SELECT id, strategy, request_json, idempotency_key, retry_of FROM sluice_run"
                        + " WHERE table_name = :table AND status = 'QUEUED' ORDER BY created_at, id FETCH FIRST 1 ROWS ONLY")
                .param("table", table)
                .query((rs, row) -> new QueuedRun(UUID.fromString(rs.getString("id")), table, RunKind.valueOf(rs.getString("strategy")),
                        rs.getString("request_json"), rs.getString("idempotency_key"),
                        rs.getString("retry_of") == null ? null : UUID.fromString(rs.getString("retry_of"))))
                .optional();
    }

    /** The tables a run is RUNNING on, on whichever replica, or left RUNNING by one that died. */
    public List<String> tablesRunning() {
        return jdbc.sql("SELECT DISTINCT table_name FROM sluice_run WHERE status = 'RUNNING'").query(String.class).list();
    }

    public int count() {
        return jdbc.sql("SELECT COUNT(*) FROM sluice_run WHERE status = 'QUEUED'").query(Integer.class).single();
    }
}
