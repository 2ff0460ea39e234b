package io.sluice.run.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionOperations;

import io.sluice.run.Run.SourceSummary;
import io.sluice.source.http.PullStats;
import io.sluice.table.TableFormat;
import io.sluice.watermark.WatermarkAdvance;
import io.sluice.watermark.Watermarks;
import io.sluice.expectation.ExpectationReport;
import io.sluice.receipt.Receipt;
import io.sluice.loadedfiles.LoadedFiles;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import io.sluice.write.RunMetrics;
import io.sluice.run.RunStatus;
import io.sluice.run.RunQuery;
import io.sluice.run.RunPage;
import io.sluice.run.RunOutcome;
import io.sluice.run.RunError;
import io.sluice.run.Run;
import io.sluice.run.RunKind;
import io.sluice.run.ErrorCode;

/**
 * The run ledger over JDBC (H2 or PostgreSQL). Status changes only through compare-and-set
 * {@link #transition}: an update that finds another status than expected changes nothing and says so.
 */
@Repository
public class RunLedger {

    private static final String COLUMNS = "id, table_name, strategy, table_format, partition_by, status, source_type,"
            + " source_summary, created_at, started_at, finished_at, table_version_before, table_version_after,"
            + " rows_output, rows_inserted, rows_updated, rows_deleted, files_added, files_removed, bytes_added, bytes_removed,"
            + " exit_code, exit_message, engine_condition, cancel_requested, rows_dropped_duplicates, partitions_replaced,"
            + " idempotency_key, retry_of, watermark_name, watermark_column, watermark_before, watermark_after, undone_by, pull_stats, file_load, expectations, receipt";
    /** A run that changed its table and was not undone: for a Parquet table, one of its versions. */
    static final String CHANGE = "(status = 'SUCCEEDED' AND undone_by IS NULL AND strategy NOT IN ('RESTORE', 'VACUUM')"
            + " AND (rows_output IS NULL OR rows_output > 0))";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<Map<String, String>>> PARTITIONS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final Watermarks watermarks;
    private final LoadedFiles loadedFiles;
    private final TransactionOperations transactions;

    public RunLedger(JdbcClient jdbc, Watermarks watermarks, LoadedFiles loadedFiles, TransactionOperations transactions) {
        this.jdbc = jdbc;
        this.watermarks = watermarks;
        this.loadedFiles = loadedFiles;
        this.transactions = transactions;
    }

    public void insert(Run run, String requestJson) {
        jdbc.sql("""
                INSERT INTO sluice_run (id, table_name, strategy, table_format, partition_by, status, source_type,
                    source_summary, request_json, created_at, last_updated, version, cancel_requested, idempotency_key, retry_of)
                VALUES (:id, :table, :strategy, :format, :partitionBy, :status, :sourceType, :sourceSummary, :request,
                    :createdAt, :createdAt, 0, FALSE, :key, :retryOf)""")
                .param("id", run.id().toString())
                .param("table", run.table())
                .param("strategy", run.strategy().name())
                .param("format", run.format().name())
                .param("partitionBy", String.join(",", run.partitionBy()))
                .param("status", run.status().name())
                .param("sourceType", run.source().type())
                .param("sourceSummary", truncate(run.source().description(), 2000))
                .param("request", requestJson)
                .param("createdAt", run.createdAt())
                .param("key", run.idempotencyKey())
                .param("retryOf", run.retryOf() == null ? null : run.retryOf().toString())
                .update();
    }

    public Optional<Run> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM sluice_run WHERE id = :id").param("id", id.toString())
                .query(RunLedger::map).optional();
    }

    public RunPage list(RunQuery query) {
        String where = " WHERE (CAST(:table AS VARCHAR(300)) IS NULL OR table_name = :table)"
                + " AND (CAST(:status AS VARCHAR(16)) IS NULL OR status = :status)";
        String status = query.status() == null ? null : query.status().name();
        List<Run> items = jdbc.sql("SELECT " + COLUMNS + " FROM sluice_run" + where
                        + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset")
                .param("table", query.table()).param("status", status)
                .param("limit", query.size()).param("offset", query.offset())
                .query(RunLedger::map).list();
        long total = jdbc.sql("SELECT COUNT(*) FROM sluice_run" + where)
                .param("table", query.table()).param("status", status).query(Long.class).single();
        return new RunPage(items, query.page(), query.size(), total);
    }

    /**
     * Moves a run from {@code expected} to {@code next}; stamps started_at on RUNNING and finished_at
     * on a terminal status. Answers false, changing nothing, when the run is not in {@code expected}.
     */
    public boolean transition(UUID id, RunStatus expected, RunStatus next) {
        return transition(id, expected, next, null);
    }

    /**
     * A terminal transition that also records the outcome (versions, counts, error) and, for a
     * SUCCEEDED run, advances its watermark and records the files it loaded in the same transaction.
     */
    public boolean transition(UUID id, RunStatus expected, RunStatus next, RunOutcome outcome) {
        if (!expected.canTransitionTo(next)) {
            throw new IllegalStateException("no transition from " + expected + " to " + next);
        }
        if (next != RunStatus.SUCCEEDED) {
            return update(id, expected, next, outcome);
        }
        WatermarkAdvance advance = outcome == null ? null : outcome.watermark();
        return Boolean.TRUE.equals(transactions.execute(status -> {
            if (!update(id, expected, next, outcome)) {
                return false;
            }
            loadedFiles.promote(id, now());
            if (advance == null) {
                return true;
            }
            jdbc.sql("""
                    UPDATE sluice_run SET watermark_name = :name, watermark_column = :column, watermark_before = :before,
                        watermark_after = :after WHERE id = :id""")
                    .param("name", advance.name()).param("column", advance.column()).param("before", advance.before())
                    .param("after", advance.after()).param("id", id.toString()).update();
            String table = jdbc.sql("SELECT table_name FROM sluice_run WHERE id = :id").param("id", id.toString())
                    .query(String.class).single();
            watermarks.set(table, advance.name(), advance.column(), advance.after(), id);
            return true;
        }));
    }

    private boolean update(UUID id, RunStatus expected, RunStatus next, RunOutcome outcome) {
        OffsetDateTime now = now();
        RunMetrics metrics = outcome == null ? RunMetrics.NONE : outcome.metrics();
        RunError error = outcome == null ? null : outcome.error();
        return jdbc.sql("""
                UPDATE sluice_run SET status = :next, version = version + 1, last_updated = :now,
                    started_at = CASE WHEN :running THEN :now ELSE started_at END,
                    finished_at = CASE WHEN :terminal THEN :now ELSE finished_at END,
                    table_version_before = COALESCE(:versionBefore, table_version_before),
                    table_version_after = COALESCE(:versionAfter, table_version_after),
                    rows_output = :rowsOutput, rows_inserted = :rowsInserted, rows_updated = :rowsUpdated,
                    rows_deleted = :rowsDeleted, files_added = :filesAdded, files_removed = :filesRemoved,
                    bytes_added = :bytesAdded, bytes_removed = :bytesRemoved, rows_dropped_duplicates = :dropped, partitions_replaced = :partitions,
                    exit_code = :exitCode, exit_message = :exitMessage,
                    engine_condition = :engineCondition, pull_stats = COALESCE(:pull, pull_stats),
                    expectations = COALESCE(:expectations, expectations), receipt = COALESCE(:receipt, receipt)
                WHERE id = :id AND status = :expected""")
                .param("next", next.name()).param("now", now)
                .param("running", next == RunStatus.RUNNING).param("terminal", next.isTerminal())
                .param("versionBefore", outcome == null ? null : outcome.tableVersionBefore())
                .param("versionAfter", outcome == null ? null : outcome.tableVersionAfter())
                .param("rowsOutput", metrics.rowsOutput()).param("rowsInserted", metrics.rowsInserted())
                .param("rowsUpdated", metrics.rowsUpdated()).param("rowsDeleted", metrics.rowsDeleted())
                .param("filesAdded", metrics.filesAdded()).param("filesRemoved", metrics.filesRemoved())
                .param("bytesAdded", metrics.bytesAdded()).param("bytesRemoved", metrics.bytesRemoved())
                .param("dropped", metrics.rowsDroppedAsDuplicates())
                .param("partitions", metrics.partitionsReplaced() == null ? null : JSON.writeValueAsString(metrics.partitionsReplaced()))
                .param("exitCode", error == null ? null : error.code().name())
                .param("exitMessage", error == null ? null : truncate(error.message(), 4000))
                .param("engineCondition", error == null ? null : truncate(error.engineCondition(), 200))
                .param("pull", outcome == null || outcome.pull() == null ? null : JSON.writeValueAsString(outcome.pull()))
                .param("expectations", outcome == null || outcome.expectations() == null ? null
                        : JSON.writeValueAsString(outcome.expectations()))
                .param("receipt", outcome == null || outcome.receipt() == null ? null : JSON.writeValueAsString(outcome.receipt()))
                .param("id", id.toString()).param("expected", expected.name())
                .update() == 1;
    }

    /** A running pull's counts so far (a finished run's are final: left alone). */
    public void progress(UUID id, PullStats stats) {
        jdbc.sql("UPDATE sluice_run SET pull_stats = :pull, last_updated = :now WHERE id = :id AND status = 'RUNNING'")
                .param("pull", JSON.writeValueAsString(stats)).param("now", now()).param("id", id.toString()).update();
    }

    /** Before a run commits quarantined rows: where they go, so that a restart can take them out if the table's commit never came. */
    public void quarantining(UUID id, String quarantineTable) {
        jdbc.sql("UPDATE sluice_run SET quarantine_table = :quarantine WHERE id = :id").param("quarantine", quarantineTable)
                .param("id", id.toString()).update();
    }

    /** The quarantine table a run was to write to; empty if it quarantined nothing. */
    public Optional<String> quarantineTable(UUID id) {
        return jdbc.sql("SELECT quarantine_table FROM sluice_run WHERE id = :id").param("id", id.toString())
                .query((rs, row) -> Optional.ofNullable(rs.getString("quarantine_table"))).list().stream().flatMap(Optional::stream).findFirst();
    }

    public void markCancelRequested(UUID id) {
        jdbc.sql("UPDATE sluice_run SET cancel_requested = TRUE, last_updated = :now WHERE id = :id")
                .param("now", now()).param("id", id.toString()).update();
    }

    /** Of these runs, the RUNNING ones whose cancel was asked for, through any replica. */
    public List<UUID> cancelRequested(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT id FROM sluice_run WHERE cancel_requested = TRUE AND status = 'RUNNING' AND id IN (:ids)")
                .param("ids", ids.stream().map(UUID::toString).toList()).query(String.class).list().stream().map(UUID::fromString).toList();
    }

    /** At start-up: runs a previous process left queued or running can no longer finish. */
    public int failAllActive(RunError error) {
        return jdbc.sql("""
                UPDATE sluice_run SET status = 'FAILED', version = version + 1, last_updated = :now, finished_at = :now,
                    exit_code = :code, exit_message = :message
                WHERE status IN ('QUEUED', 'RUNNING')""")
                .param("now", now()).param("code", error.code().name()).param("message", error.message()).update();
    }

    public Map<RunStatus, Long> countByStatus() {
        Map<RunStatus, Long> counts = new EnumMap<>(RunStatus.class);
        Arrays.stream(RunStatus.values()).forEach(status -> counts.put(status, 0L));
        jdbc.sql("SELECT status, COUNT(*) AS n FROM sluice_run GROUP BY status")
                .query((rs, i) -> Map.entry(RunStatus.valueOf(rs.getString("status")), rs.getLong("n")))
                .list().forEach(e -> counts.put(e.getKey(), e.getValue()));
        return counts;
    }

    /**
     * The succeeded runs on the run's table created after it, newest first. Undone runs are left out,
     * and so are Parquet restores: they only undo (a Delta RESTORE makes a version of its own).
     */
    public List<Run> succeededAfter(Run run) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM sluice_run WHERE table_name = :table AND status = 'SUCCEEDED'"
                        + " AND created_at >= :created AND undone_by IS NULL"
                        + " AND NOT (strategy = 'RESTORE' AND table_format = 'PARQUET') ORDER BY created_at DESC")
                .param("table", run.table()).param("created", run.createdAt()).query(RunLedger::map).list();
    }

    /**
     * A Parquet table's versions: the succeeded writes that changed it and were not undone, oldest (the create) first. A
     * vacuum is none: it deletes only what the table does not read.
     */
    public List<Run> changes(String table) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM sluice_run WHERE table_name = :table AND " + CHANGE + " ORDER BY created_at")
                .param("table", table).query(RunLedger::map).list();
    }

    /** Records that a restore or rollback run undid this run. */
    public void markUndone(UUID undone, UUID by) {
        jdbc.sql("UPDATE sluice_run SET undone_by = :by WHERE id = :id").param("by", by.toString()).param("id", undone.toString())
                .update();
    }

    /** The newest run of every table that has runs. */
    public List<Run> latestPerTable() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM sluice_run r WHERE created_at ="
                        + " (SELECT MAX(created_at) FROM sluice_run l WHERE l.table_name = r.table_name) ORDER BY table_name")
                .query(RunLedger::map).list();
    }

    /**
     * Per table, when its newest succeeded write that changed rows finished: the runs {@code TableFreshness} counts as new
     * data (a write strategy, not a restore or maintenance; rows written, updated or deleted, or counts unknown).
     */
    public Map<String, OffsetDateTime> lastDataChanges() {
        Map<String, OffsetDateTime> last = new java.util.TreeMap<>();
        jdbc.sql("""
                SELECT table_name, MAX(finished_at) AS finished FROM sluice_run
                WHERE status = 'SUCCEEDED' AND strategy IN ('APPEND', 'DROP_PARTITION', 'DYNAMIC_OVERWRITE', 'MERGE', 'APPLY_CHANGES')
                    AND (rows_output IS NULL OR rows_output > 0 OR rows_updated > 0 OR rows_deleted > 0)
                GROUP BY table_name""")
                .query((rs, i) -> Map.entry(rs.getString("table_name"), utc(rs, "finished")))
                .list().forEach(e -> last.put(e.getKey(), e.getValue()));
        return last;
    }

    /** A table with runs: its format, when its first run was created, when its last vacuum succeeded (null: never). */
    public record VacuumHistory(String table, TableFormat format, OffsetDateTime firstRun, OffsetDateTime lastVacuum) {
    }

    /** Every table with runs, for the vacuum schedule: one pass over the ledger, grouped by table. */
    public List<VacuumHistory> vacuumHistory() {
        // MAX(table_format): a table keeps its format unless it is dropped and created again; the schedule checks the catalog too
        return jdbc.sql("SELECT table_name, MAX(table_format) AS table_format, MIN(created_at) AS first_run,"
                        + " MAX(CASE WHEN strategy = 'VACUUM' AND status = 'SUCCEEDED' THEN finished_at END) AS last_vacuum"
                        + " FROM sluice_run GROUP BY table_name ORDER BY table_name")
                .query((rs, row) -> new VacuumHistory(rs.getString("table_name"), TableFormat.valueOf(rs.getString("table_format")),
                        utc(rs, "first_run"), utc(rs, "last_vacuum")))
                .list();
    }

    public static OffsetDateTime now() {
        // PostgreSQL keeps microseconds: truncate so what is read back equals what was written.
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    private static Run map(ResultSet rs, int row) throws SQLException {
        String partitionBy = rs.getString("partition_by");
        String exitCode = rs.getString("exit_code");
        String partitions = rs.getString("partitions_replaced");
        return new Run(UUID.fromString(rs.getString("id")), RunStatus.valueOf(rs.getString("status")),
                rs.getString("table_name"), RunKind.valueOf(rs.getString("strategy")),
                TableFormat.valueOf(rs.getString("table_format")),
                partitionBy.isEmpty() ? List.of() : List.of(partitionBy.split(",")),
                new SourceSummary(rs.getString("source_type"), rs.getString("source_summary")),
                utc(rs, "created_at"), utc(rs, "started_at"), utc(rs, "finished_at"),
                rs.getObject("table_version_before", Long.class), rs.getObject("table_version_after", Long.class),
                new RunMetrics(rs.getObject("rows_output", Long.class), rs.getObject("rows_inserted", Long.class),
                        rs.getObject("rows_updated", Long.class), rs.getObject("rows_deleted", Long.class),
                        rs.getObject("files_added", Long.class), rs.getObject("files_removed", Long.class),
                        rs.getObject("bytes_added", Long.class), rs.getObject("bytes_removed", Long.class),
                        rs.getObject("rows_dropped_duplicates", Long.class),
                        partitions == null ? null : JSON.readValue(partitions, PARTITIONS)),
                exitCode == null ? null : new RunError(ErrorCode.ofStored(exitCode), rs.getString("exit_message"), rs.getString("engine_condition")),
                rs.getBoolean("cancel_requested"), rs.getString("idempotency_key"),
                rs.getString("retry_of") == null ? null : UUID.fromString(rs.getString("retry_of")),
                rs.getString("watermark_name") == null ? null : new WatermarkAdvance(rs.getString("watermark_name"),
                        rs.getString("watermark_column"), rs.getString("watermark_before"), rs.getString("watermark_after")),
                rs.getString("undone_by") == null ? null : UUID.fromString(rs.getString("undone_by")),
                rs.getString("pull_stats") == null ? null : JSON.readValue(rs.getString("pull_stats"), PullStats.class),
                LoadedFiles.parse(rs.getString("file_load")), null,
                rs.getString("expectations") == null ? null : JSON.readValue(rs.getString("expectations"), ExpectationReport.class),
                rs.getString("receipt") == null ? null : JSON.readValue(rs.getString("receipt"), Receipt.class));
    }

    private static OffsetDateTime utc(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.withOffsetSameInstant(ZoneOffset.UTC);
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }
}
