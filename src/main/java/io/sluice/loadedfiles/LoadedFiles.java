package io.sluice.loadedfiles;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionOperations;

import tools.jackson.databind.json.JsonMapper;

/**
 * The files incremental files sources loaded, per table, in the ledger database. A run's choice is written before its
 * write ({@link #choose}); it becomes the table's record only in the transaction that records the run SUCCEEDED
 * ({@link #promote}, called by the ledger), so a run that fails or dies before its commit loads nothing as far as the
 * next run can tell, and one that committed (found again by a restart) loads exactly its files.
 */
@Repository
public class LoadedFiles {

    private static final int CHUNK = 500;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batch;
    private final TransactionOperations transactions;

    public LoadedFiles(JdbcClient jdbc, NamedParameterJdbcTemplate batch, TransactionOperations transactions) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.transactions = transactions;
    }

    /** The table's records of these paths (those it has). */
    public Map<String, LoadedFile> find(String table, List<String> paths) {
        Map<String, LoadedFile> found = new HashMap<>();
        for (int start = 0; start < paths.size(); start += CHUNK) {
            jdbc.sql("SELECT path, size_bytes, modified_at, run_id, loaded_at FROM sluice_loaded_file"
                            + " WHERE table_name = :table AND path IN (:paths)")
                    .param("table", table).param("paths", paths.subList(start, Math.min(paths.size(), start + CHUNK)))
                    .query(LoadedFiles::map).list().forEach(file -> found.put(file.path(), file));
        }
        return found;
    }

    /** Records what the run is about to read and what its listing found, in one transaction. */
    public void choose(UUID runId, String table, List<FileSnapshot> files, FileLoad load) {
        transactions.executeWithoutResult(status -> {
            SqlParameterSource[] rows = files.stream().map(file -> new MapSqlParameterSource().addValue("run", runId.toString())
                    .addValue("table", table).addValue("path", file.path()).addValue("size", file.sizeBytes())
                    .addValue("modified", file.modifiedAt())).toArray(SqlParameterSource[]::new);
            batch.batchUpdate("INSERT INTO sluice_run_file (run_id, table_name, path, size_bytes, modified_at)"
                    + " VALUES (:run, :table, :path, :size, :modified)", rows);
            jdbc.sql("UPDATE sluice_run SET file_load = :load WHERE id = :id").param("load", JSON.writeValueAsString(load))
                    .param("id", runId.toString()).update();
        });
    }

    /** A retry takes over the choice of the earlier attempt whose commit it found (a no-op for other sources). */
    public void adopt(UUID attempt, UUID run) {
        transactions.executeWithoutResult(status -> {
            jdbc.sql("INSERT INTO sluice_run_file (run_id, table_name, path, size_bytes, modified_at)"
                            + " SELECT :run, table_name, path, size_bytes, modified_at FROM sluice_run_file WHERE run_id = :attempt")
                    .param("run", run.toString()).param("attempt", attempt.toString()).update();
            jdbc.sql("UPDATE sluice_run SET file_load = (SELECT file_load FROM sluice_run WHERE id = :attempt) WHERE id = :run")
                    .param("run", run.toString()).param("attempt", attempt.toString()).update();
        });
    }

    /** The run's chosen files become the table's record; the caller's transaction records the run SUCCEEDED. */
    public void promote(UUID runId, OffsetDateTime at) {
        jdbc.sql("DELETE FROM sluice_loaded_file WHERE (table_name, path) IN"
                + " (SELECT table_name, path FROM sluice_run_file WHERE run_id = :run)").param("run", runId.toString()).update();
        jdbc.sql("INSERT INTO sluice_loaded_file (table_name, path, size_bytes, modified_at, run_id, loaded_at)"
                        + " SELECT table_name, path, size_bytes, modified_at, run_id, :at FROM sluice_run_file WHERE run_id = :run")
                .param("at", at).param("run", runId.toString()).update();
    }

    /** A restore or rollback undid the run: the files it loaded count as not loaded again. */
    public void forget(UUID runId) {
        jdbc.sql("DELETE FROM sluice_loaded_file WHERE run_id = :run").param("run", runId.toString()).update();
    }

    /** A page of the table's loaded files, by path. */
    public List<LoadedFile> list(String table, int limit, int offset) {
        return new ArrayList<>(jdbc.sql("SELECT path, size_bytes, modified_at, run_id, loaded_at FROM sluice_loaded_file"
                        + " WHERE table_name = :table ORDER BY path LIMIT :limit OFFSET :offset")
                .param("table", table).param("limit", limit).param("offset", offset).query(LoadedFiles::map).list());
    }

    public long count(String table) {
        return jdbc.sql("SELECT COUNT(*) FROM sluice_loaded_file WHERE table_name = :table").param("table", table)
                .query(Long.class).single();
    }

    /** The listing summary a run stored, read back with the run. */
    public static FileLoad parse(String json) {
        return json == null ? null : JSON.readValue(json, FileLoad.class);
    }

    private static LoadedFile map(ResultSet rs, int row) throws SQLException {
        return new LoadedFile(rs.getString("path"), rs.getLong("size_bytes"), utc(rs, "modified_at"),
                UUID.fromString(rs.getString("run_id")), utc(rs, "loaded_at"));
    }

    private static OffsetDateTime utc(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
