package io.sluice.run.callback;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.sluice.run.RunStatus;

/** The callbacks and their attempts, in the ledger's database (V9). */
@Repository
class CallbackLedger {

    static final String DELIVERED = "DELIVERED";
    static final String FAILED = "FAILED";

    private final JdbcClient jdbc;

    CallbackLedger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A callback whose delivery has not ended, and how many attempts it has had. */
    record Pending(URI url, int attempts) {
    }

    void register(UUID runId, URI url) {
        jdbc.sql("INSERT INTO sluice_callback (run_id, url) VALUES (:id, :url)").param("id", runId.toString())
                .param("url", url.toString()).update();
    }

    Optional<Pending> pending(UUID runId) {
        return jdbc.sql("""
                SELECT url, (SELECT COUNT(*) FROM sluice_callback_attempt a WHERE a.run_id = c.run_id) AS attempts
                FROM sluice_callback c WHERE run_id = :id AND outcome IS NULL""")
                .param("id", runId.toString())
                .query((rs, row) -> new Pending(URI.create(rs.getString("url")), rs.getInt("attempts"))).optional();
    }

    /** Runs that have ended with their callback's delivery not ended: a restart took it over. */
    List<UUID> pendingOfEndedRuns() {
        return jdbc.sql("""
                SELECT c.run_id FROM sluice_callback c JOIN sluice_run r ON r.id = c.run_id
                WHERE c.outcome IS NULL AND r.status NOT IN (:active) ORDER BY r.finished_at""")
                .param("active", List.of(RunStatus.QUEUED.name(), RunStatus.RUNNING.name()))
                .query((rs, row) -> UUID.fromString(rs.getString(1))).list();
    }

    void recordAttempt(UUID runId, CallbackAttempt attempt) {
        jdbc.sql("INSERT INTO sluice_callback_attempt (run_id, attempt, at, status_code, error) VALUES (:id, :n, :at, :status, :error)")
                .param("id", runId.toString()).param("n", attempt.attempt()).param("at", attempt.at())
                .param("status", attempt.statusCode())
                .param("error", attempt.error() == null || attempt.error().length() <= 2000 ? attempt.error()
                        : attempt.error().substring(0, 2000))
                .update();
    }

    void finish(UUID runId, String outcome) {
        jdbc.sql("UPDATE sluice_callback SET outcome = :outcome WHERE run_id = :id").param("id", runId.toString())
                .param("outcome", outcome).update();
    }

    Optional<CallbackReport> report(UUID runId) {
        List<CallbackAttempt> attempts = jdbc.sql("""
                SELECT attempt, at, status_code, error FROM sluice_callback_attempt WHERE run_id = :id ORDER BY attempt""")
                .param("id", runId.toString()).query(CallbackLedger::attempt).list();
        return jdbc.sql("SELECT url, outcome FROM sluice_callback WHERE run_id = :id").param("id", runId.toString())
                .query((rs, row) -> new CallbackReport(rs.getString("url"), DELIVERED.equals(rs.getString("outcome")),
                        rs.getString("outcome") == null, attempts))
                .optional();
    }

    private static CallbackAttempt attempt(ResultSet rs, int row) throws SQLException {
        OffsetDateTime at = rs.getObject("at", OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC);
        return new CallbackAttempt(rs.getInt("attempt"), at, rs.getObject("status_code", Integer.class), rs.getString("error"));
    }
}
